using System.Globalization;
using System.Text;

namespace Escalation.Infrastructure.Hl7v2;

/// <summary>
/// HL7 v2 escape sequences (v2.5 chapter 2.7): <c>\F\ \S\ \T\ \R\ \E\</c> stand for the delimiters, <c>\Xhh..\</c> for
/// bytes in hex, <c>\.br\</c> for a line break; highlighting (<c>\H\ \N\</c>), character-set switches (<c>\C..\ \M..\</c>)
/// and local escapes (<c>\Z..\</c>) carry no text and are dropped. An escape character without its closing one is kept
/// as written: a lab's stray backslash is text, not an error.
/// </summary>
public static class Hl7Escaping
{
    public static string Unescape(string value, Hl7Delimiters delimiters)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(delimiters);
        var escape = delimiters.Escape;
        var start = value.IndexOf(escape, StringComparison.Ordinal);
        if (start < 0)
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        text.Append(value, 0, start);
        var i = start;
        while (i < value.Length)
        {
            var c = value[i];
            var end = c == escape ? value.IndexOf(escape, i + 1) : -1;
            if (end < 0)
            {
                text.Append(c);
                i++;
                continue;
            }

            var sequence = value.AsSpan(i + 1, end - i - 1);
            if (!TryAppend(sequence, delimiters, text))
            {
                text.Append(value, i, end - i + 1);
            }

            i = end + 1;
        }

        return text.ToString();
    }

    /// <summary>Writes a text so that none of its characters is read as a delimiter (for the ACK's free text).</summary>
    public static string Escape(string value, Hl7Delimiters delimiters)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(delimiters);
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            var code = c == delimiters.Escape ? 'E'
                : c == delimiters.Field ? 'F'
                : c == delimiters.Component ? 'S'
                : c == delimiters.Subcomponent ? 'T'
                : c == delimiters.Repetition ? 'R'
                : '\0';
            if (code != '\0')
            {
                text.Append(delimiters.Escape).Append(code).Append(delimiters.Escape);
            }
            else if (c is '\r' or '\n')
            {
                text.Append(delimiters.Escape).Append(".br").Append(delimiters.Escape);
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static bool TryAppend(ReadOnlySpan<char> sequence, Hl7Delimiters delimiters, StringBuilder text)
    {
        if (sequence.Length == 1)
        {
            char? single = sequence[0] switch
            {
                'F' => delimiters.Field,
                'S' => delimiters.Component,
                'T' => delimiters.Subcomponent,
                'R' => delimiters.Repetition,
                'E' => delimiters.Escape,
                _ => null,
            };
            if (single is { } d)
            {
                text.Append(d);
                return true;
            }

            // Highlighting on and off: formatting, no text.
            return sequence[0] is 'H' or 'N';
        }

        if (sequence.Length == 0)
        {
            return false;
        }

        switch (sequence[0])
        {
            case 'X' when sequence.Length % 2 == 1:
                var bytes = new byte[(sequence.Length - 1) / 2];
                for (var b = 0; b < bytes.Length; b++)
                {
                    if (!byte.TryParse(sequence.Slice(1 + (b * 2), 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[b]))
                    {
                        return false;
                    }
                }

                text.Append(Hl7Text.Decode(bytes));
                return true;
            case '.' when sequence.SequenceEqual(".br"):
                text.Append('\n');
                return true;
            case '.':
                // Other formatted-text commands (.sp, .in, .ti, .fi, .nf, .ce): layout only.
                return true;
            case 'C' or 'M' or 'Z':
                return true;
            default:
                return false;
        }
    }
}
