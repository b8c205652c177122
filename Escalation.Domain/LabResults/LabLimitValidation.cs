using System.Globalization;

namespace Escalation.Domain.LabResults;

/// <summary>
/// The rules a row of the critical limits table must keep. Every broken rule is reported at once, by field, so an
/// administrator fixes the row in one go; the uniqueness of code and unit needs the whole table and is checked where
/// the table is (the service).
/// </summary>
public static class LabLimitValidation
{
    // Far beyond any analyte in any unit; it keeps a typo (an extra six zeros) out and every value exact as a decimal.
    public const double MaxMagnitude = 1_000_000_000;

    public const int MaxUnitLength = 32;

    public const int MaxDisplayLength = 100;

    public static IReadOnlyDictionary<string, string> Validate(LabLimitInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var code = input.LoincCode?.Trim();
        if (!LoincCode.IsValid(code))
        {
            errors["loincCode"] = $"'{code}' is not a LOINC code: digits, a hyphen and the check digit, as in 2823-3.";
        }

        var unit = input.Unit?.Trim();
        if (string.IsNullOrEmpty(unit))
        {
            errors["unit"] = "Give the UCUM unit results are reported in, as in mmol/L: a result in another unit is not judged by this row.";
        }
        else if (unit.Length > MaxUnitLength || unit.Any(char.IsWhiteSpace))
        {
            errors["unit"] = $"A UCUM unit has no spaces and at most {MaxUnitLength} characters.";
        }

        if (string.IsNullOrWhiteSpace(input.Display))
        {
            errors["display"] = "Give the analyte's name, as clinicians read it in the message (Potassium).";
        }
        else if (input.Display.Trim().Length > MaxDisplayLength)
        {
            errors["display"] = $"The analyte's name has at most {MaxDisplayLength} characters.";
        }

        var finite = true;
        foreach (var (field, value) in Numbers(input))
        {
            if (value is { } v && (!double.IsFinite(v) || Math.Abs(v) > MaxMagnitude))
            {
                errors[field] = $"{Words(field)} must be a finite number between -{MaxMagnitude:0} and {MaxMagnitude:0}.";
                finite = false;
            }
        }

        if (!finite)
        {
            return errors;
        }

        var (cl, ch, al, ah) = (input.CriticalLow, input.CriticalHigh, input.AbnormalLow, input.AbnormalHigh);
        if (cl is null && ch is null)
        {
            errors["criticalLow"] = "Give a critical low, a critical high or both: a row with neither never makes anything critical.";
        }
        else if (cl is { } low && ch is { } high && low >= high)
        {
            errors["criticalHigh"] = $"The critical high ({Show(high)}) must be above the critical low ({Show(low)}).";
        }

        if (al is { } alow && ah is { } ahigh && alow >= ahigh)
        {
            errors["abnormalHigh"] = $"The abnormal high ({Show(ahigh)}) must be above the abnormal low ({Show(alow)}).";
        }

        // A normal range reaching beyond a critical limit would call a critical value merely abnormal in the message.
        if (al is { } al2 && ((cl is { } cl2 && al2 < cl2) || (ch is { } ch2 && al2 >= ch2)))
        {
            errors.TryAdd("abnormalLow", $"The abnormal low ({Show(al2)}) must lie within the critical limits.");
        }

        if (ah is { } ah2 && ((ch is { } ch3 && ah2 > ch3) || (cl is { } cl3 && ah2 <= cl3)))
        {
            errors.TryAdd("abnormalHigh", $"The abnormal high ({Show(ah2)}) must lie within the critical limits.");
        }

        return errors;
    }

    private static IEnumerable<(string Field, double? Value)> Numbers(LabLimitInput input) =>
    [
        ("criticalLow", input.CriticalLow), ("criticalHigh", input.CriticalHigh), ("abnormalLow", input.AbnormalLow), ("abnormalHigh", input.AbnormalHigh),
    ];

    private static string Words(string field) => field switch
    {
        "criticalLow" => "The critical low",
        "criticalHigh" => "The critical high",
        "abnormalLow" => "The abnormal low",
        _ => "The abnormal high",
    };

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}
