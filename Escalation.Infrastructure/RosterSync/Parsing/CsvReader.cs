using System.Text;

namespace Escalation.Infrastructure.RosterSync.Parsing;

/// <summary>One CSV record: its fields (unquoted, trimmed) and the line it starts on, for error messages.</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, bool Unterminated)
{
    /// <summary>Blank lines, and rows of empty cells that spreadsheets write as ",,,,", carry nothing.</summary>
    public bool IsBlank => Fields.All(string.IsNullOrWhiteSpace);

    public string Field(int index) => index >= 0 && index < Fields.Count ? Fields[index] : string.Empty;
}

/// <summary>
/// A small RFC 4180 reader: quoted fields, doubled quotes, commas and line breaks inside quotes, CRLF, LF or CR line
/// ends. It is lenient where spreadsheets are sloppy (spaces before an opening quote, text after a closing quote) and
/// counts physical lines, so a record spanning lines still reports the line it starts on. Written by hand because
/// the schedule files are small and the package feed has no CSV library we want to depend on for this.
/// </summary>
internal sealed class CsvReader
{
    private readonly string _text;
    private int _position;
    private int _line = 1;

    public CsvReader(string text) => _text = text;

    public bool AtEnd => _position >= _text.Length;

    /// <summary>The line the next record or raw line starts on.</summary>
    public int Line => _line;

    /// <summary>Whether the next physical line starts with <paramref name="prefix"/>, ignoring leading spaces.</summary>
    public bool NextLineStartsWith(char prefix)
    {
        var i = _position;
        while (i < _text.Length && _text[i] is ' ' or '\t')
        {
            i++;
        }

        return i < _text.Length && _text[i] == prefix;
    }

    /// <summary>Reads one physical line as it is, for comment lines that must not be parsed as CSV (a stray quote).</summary>
    public string ReadRawLine()
    {
        var start = _position;
        while (_position < _text.Length && _text[_position] is not ('\r' or '\n'))
        {
            _position++;
        }

        var line = _text[start.._position];
        SkipLineBreak();
        return line;
    }

    /// <summary>Reads the next record, or null at the end of the text.</summary>
    public CsvRecord? ReadRecord()
    {
        if (AtEnd)
        {
            return null;
        }

        var startLine = _line;
        var fields = new List<string>();
        var field = new StringBuilder();
        while (true)
        {
            field.Clear();
            if (QuoteFollowsSpaces())
            {
                if (!ReadQuoted(field))
                {
                    fields.Add(field.ToString().Trim());
                    return new CsvRecord(startLine, fields, Unterminated: true);
                }
            }

            while (_position < _text.Length && _text[_position] is not (',' or '\r' or '\n'))
            {
                field.Append(_text[_position]);
                _position++;
            }

            fields.Add(field.ToString().Trim());
            if (_position >= _text.Length)
            {
                return new CsvRecord(startLine, fields, Unterminated: false);
            }

            if (_text[_position] == ',')
            {
                _position++;
                continue;
            }

            SkipLineBreak();
            return new CsvRecord(startLine, fields, Unterminated: false);
        }
    }

    private bool QuoteFollowsSpaces()
    {
        var i = _position;
        while (i < _text.Length && _text[i] is ' ' or '\t')
        {
            i++;
        }

        if (i < _text.Length && _text[i] == '"')
        {
            _position = i;
            return true;
        }

        return false;
    }

    /// <summary>Reads a quoted field from its opening quote; false when the text ends before the closing quote.</summary>
    private bool ReadQuoted(StringBuilder field)
    {
        _position++;
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c == '"')
            {
                if (_position + 1 < _text.Length && _text[_position + 1] == '"')
                {
                    field.Append('"');
                    _position += 2;
                    continue;
                }

                _position++;
                return true;
            }

            if (c is '\r' or '\n')
            {
                SkipLineBreak();
                field.Append('\n');
                continue;
            }

            field.Append(c);
            _position++;
        }

        return false;
    }

    private void SkipLineBreak()
    {
        if (_position >= _text.Length)
        {
            return;
        }

        if (_text[_position] == '\r')
        {
            _position++;
            if (_position < _text.Length && _text[_position] == '\n')
            {
                _position++;
            }

            _line++;
        }
        else if (_text[_position] == '\n')
        {
            _position++;
            _line++;
        }
    }
}
