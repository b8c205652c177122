namespace Escalation.Domain.LabResults;

/// <summary>
/// The shape of a LOINC code: 1 to 7 digits, a hyphen and the Mod 10 check digit LOINC publishes with every code
/// (2823-3). Checking the digit catches a typed-in transposition, which would otherwise leave an analyte silently
/// unjudged because no incoming result carries the mistyped code.
/// </summary>
public static class LoincCode
{
    public static bool IsValid(string? code)
    {
        if (code is null)
        {
            return false;
        }

        var dash = code.IndexOf('-', StringComparison.Ordinal);
        if (dash < 1 || dash > 7 || dash != code.Length - 2 || !code.AsSpan(0, dash).ToArray().All(char.IsAsciiDigit) || !char.IsAsciiDigit(code[^1]))
        {
            return false;
        }

        return CheckDigit(code[..dash]) == code[^1] - '0';
    }

    /// <summary>LOINC's Mod 10 (the Luhn scheme): digits at odd positions counted from the right are doubled.</summary>
    public static int CheckDigit(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                digit = digit / 10 + digit % 10;
            }

            sum += digit;
        }

        return (10 - sum % 10) % 10;
    }
}
