namespace Escalation.Domain.LabResults;

/// <summary>How far out of range a result is, whether the laboratory said so or the site's limits did.</summary>
public enum ResultFlag
{
    /// <summary>Nobody can tell: no flag was sent and no limit matched the analyte and unit.</summary>
    Unknown,

    Normal,

    /// <summary>Outside the reference range (interpretation A, H, L).</summary>
    Abnormal,

    /// <summary>Outside the critical limits (interpretation AA, HH, LL).</summary>
    Critical,
}
