namespace Escalation.Domain.LabResults;

/// <summary>
/// A site's critical (and optionally abnormal) bounds for one analyte in one unit. A value strictly below
/// <see cref="LowCritical"/> or strictly above <see cref="HighCritical"/> is critical. The unit is a UCUM code:
/// a result reported in another unit is never judged against this limit (no unit conversion is attempted).
/// </summary>
public sealed record CriticalLimit(
    string LoincCode,
    string Display,
    string Unit,
    decimal? LowCritical,
    decimal? HighCritical,
    decimal? LowAbnormal = null,
    decimal? HighAbnormal = null);
