namespace Escalation.Infrastructure.Answering;

/// <summary>Phone numbers as Twilio takes them: E.164, a plus and up to fifteen digits.</summary>
public static class PhoneNumbers
{
    /// <summary>A plus, a country code that does not start with 0, and 7 to 15 digits in all.</summary>
    public static bool IsE164(string? number) =>
        number is { Length: >= 8 and <= 16 } && number[0] == '+' && number[1] is >= '1' and <= '9' && number.Skip(1).All(char.IsAsciiDigit);

    /// <summary>
    /// The number with the spaces, dashes, dots and brackets people type removed, when what is left is E.164;
    /// otherwise null. Nothing is guessed: a number without its country code is refused, not completed.
    /// </summary>
    public static string? Normalize(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }

        var compact = new string(typed.Trim().Where(c => c is not (' ' or '-' or '.' or '(' or ')')).ToArray());
        return IsE164(compact) ? compact : null;
    }

    /// <summary>The last three digits only: enough for a person to recognise their number, too little to identify anyone.</summary>
    public static string Mask(string? number) =>
        number is null ? "none" : number.Length <= 3 ? "***" : $"***{number[^3..]}";
}
