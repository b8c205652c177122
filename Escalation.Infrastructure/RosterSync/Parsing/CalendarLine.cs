using System.Text;

namespace Escalation.Infrastructure.RosterSync.Parsing;

/// <summary>
/// One unfolded iCalendar content line (RFC 5545 section 3.1): NAME;PARAM=value;PARAM="quoted":value, with the line
/// of the file where it starts. Names and parameter names are upper-cased, since iCalendar ignores their case.
/// </summary>
internal sealed record CalendarLine(int Line, string Name, IReadOnlyDictionary<string, string> Parameters, string Value)
{
    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// Joins folded lines (a line break followed by a space or tab continues the previous line) and numbers each
    /// logical line by the physical line it starts on.
    /// </summary>
    public static IEnumerable<(int Line, string Text)> Unfold(string text)
    {
        var physical = 0;
        var start = 0;
        StringBuilder? current = null;
        var currentLine = 0;
        var position = 0;
        while (position <= text.Length)
        {
            var atEnd = position == text.Length;
            if (!atEnd && text[position] is not ('\r' or '\n'))
            {
                position++;
                continue;
            }

            physical++;
            var line = text[start..position];
            if (!atEnd)
            {
                position += text[position] == '\r' && position + 1 < text.Length && text[position + 1] == '\n' ? 2 : 1;
            }
            else
            {
                position++;
            }

            start = position;
            if (line.Length > 0 && line[0] is ' ' or '\t' && current is not null)
            {
                current.Append(line, 1, line.Length - 1);
                continue;
            }

            if (current is not null)
            {
                yield return (currentLine, current.ToString());
            }

            current = new StringBuilder(line);
            currentLine = physical;
        }

        if (current is not null && current.Length > 0)
        {
            yield return (currentLine, current.ToString());
        }
    }

    /// <summary>Splits a content line into name, parameters and value; null when it has no colon.</summary>
    public static CalendarLine? TryParse(int line, string text)
    {
        var position = 0;
        while (position < text.Length && text[position] is not (';' or ':'))
        {
            position++;
        }

        if (position >= text.Length || position == 0)
        {
            return null;
        }

        var name = text[..position].Trim().ToUpperInvariant();
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        while (position < text.Length && text[position] == ';')
        {
            position++;
            var nameStart = position;
            while (position < text.Length && text[position] is not ('=' or ';' or ':'))
            {
                position++;
            }

            var parameterName = text[nameStart..position].Trim().ToUpperInvariant();
            var value = new StringBuilder();
            if (position < text.Length && text[position] == '=')
            {
                position++;
                while (position < text.Length && text[position] is not (';' or ':'))
                {
                    if (text[position] == '"')
                    {
                        var close = text.IndexOf('"', position + 1);
                        if (close < 0)
                        {
                            return null;
                        }

                        value.Append(DecodeCircumflex(text[(position + 1)..close]));
                        position = close + 1;
                        continue;
                    }

                    value.Append(text[position]);
                    position++;
                }
            }

            parameters.TryAdd(parameterName, value.ToString());
        }

        if (position >= text.Length || text[position] != ':')
        {
            return null;
        }

        return new CalendarLine(line, name, parameters, text[(position + 1)..]);
    }

    /// <summary>Undoes TEXT escaping: \, \; \n \N \\ (RFC 5545 section 3.3.11).</summary>
    public static string Unescape(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                text.Append(value[i] is 'n' or 'N' ? '\n' : value[i]);
                continue;
            }

            text.Append(value[i]);
        }

        return text.ToString();
    }

    /// <summary>Splits a TEXT list (CATEGORIES) on the commas that are not escaped, then unescapes each item.</summary>
    public static IReadOnlyList<string> SplitList(string value)
    {
        var items = new List<string>();
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                i++;
            }
            else if (value[i] == ',')
            {
                items.Add(Unescape(value[start..i]));
                start = i + 1;
            }
        }

        items.Add(Unescape(value[start..]));
        return items;
    }

    /// <summary>RFC 6868 parameter escaping: ^' is a double quote, ^n a line break, ^^ a circumflex.</summary>
    private static string DecodeCircumflex(string value) =>
        value.Contains('^', StringComparison.Ordinal)
            ? value.Replace("^^", "\u0000", StringComparison.Ordinal).Replace("^'", "\"", StringComparison.Ordinal).Replace("^n", "\n", StringComparison.Ordinal).Replace("\u0000", "^", StringComparison.Ordinal)
            : value;
}
