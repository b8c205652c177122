namespace Escalation.Domain.LabResults;

/// <summary>
/// One row of the critical limits table as an administrator typed it: numbers arrive as doubles (JSON, form fields)
/// so that a non-finite value can be refused with a message instead of failing somewhere deeper.
/// </summary>
public sealed record LabLimitInput(
    string? LoincCode,
    string? Unit,
    string? Display,
    double? CriticalLow,
    double? CriticalHigh,
    double? AbnormalLow = null,
    double? AbnormalHigh = null,
    bool Enabled = true)
{
    public static LabLimitInput From(CriticalLimit limit)
    {
        ArgumentNullException.ThrowIfNull(limit);
        return new(limit.LoincCode, limit.Unit, limit.Display, (double?)limit.LowCritical, (double?)limit.HighCritical, (double?)limit.LowAbnormal, (double?)limit.HighAbnormal);
    }
}
