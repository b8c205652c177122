namespace Escalation.Domain.LabResults;

/// <summary>Which side of the normal range a result lies on: what a clinician means by "too high" or "too low".</summary>
public enum ResultDirection
{
    /// <summary>Neither side can be told (no value beyond a limit and no H/L-family flag, or an "abnormal" A/AA flag).</summary>
    None,

    High,

    Low,
}
