namespace Escalation.Domain.Common;

/// <summary>
/// The one rule set for text that comes from outside (API bodies, FHIR strings, schedule files): a length limit,
/// and no control characters. A NUL or an escape sequence in a subject, a name or a code is never clinical
/// content; it truncates the text in some readers, corrupts CSV and log lines, and can spoof what a screen shows.
/// Tab and line breaks are allowed only where text runs over several lines (a body, a note, a reason).
/// </summary>
public static class TextRules
{
    /// <summary>The limit of a field that names no other: a name, a code, an id, a subject.</summary>
    public const int DefaultMaxLength = 200;

    /// <summary>Why <paramref name="value"/> is refused, as a phrase that follows the field's name; null when it is fine.</summary>
    public static string? Problem(ReadOnlySpan<char> value, int maxLength = DefaultMaxLength, bool multiline = false)
    {
        if (value.Length > maxLength)
        {
            return $"is at most {maxLength:N0} characters (this one has {value.Length:N0}).";
        }

        var index = FirstRefused(value, multiline);
        return index < 0 ? null : $"holds a control character (U+{(int)value[index]:X4}) at position {index + 1}; {(multiline ? "only tab and line breaks are" : "no control character is")} allowed here.";
    }

    /// <summary>The index of the first character the rules refuse, or -1.</summary>
    public static int FirstRefused(ReadOnlySpan<char> value, bool multiline)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (IsRefused(c, multiline))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsRefused(char c, bool multiline) => c switch
    {
        '\t' or '\n' or '\r' => !multiline,
        // C0, DEL and C1 controls.
        _ when char.IsControl(c) => true,
        // A lone surrogate is not text: it cannot be stored as UTF-8 without replacement.
        _ when char.IsSurrogate(c) => true,
        // Bidirectional overrides and isolates make a screen show characters in another order than stored.
        >= '\u202A' and <= '\u202E' => true,
        >= '\u2066' and <= '\u2069' => true,
        // Line and paragraph separators break lines where a reader does not expect one.
        '\u2028' or '\u2029' => !multiline,
        '\uFFFE' or '\uFFFF' => true,
        _ => false,
    };
}
