namespace Escalation.Infrastructure.Fhir.Lifecycle;

/// <summary>What the service did with one received version of a lab result.</summary>
public enum LabResultOutcome
{
    /// <summary>Recorded only: normal, not judged reportable, or abnormal where the site sends nothing for abnormal.</summary>
    NothingToSend,

    /// <summary>The first judged version asked for a message, and it was sent.</summary>
    Sent,

    /// <summary>A later version worse than the last judged one: a new message that says it amends the earlier one.</summary>
    AmendedWorse,

    /// <summary>A later version not worse than the last judged one: noted on the open message, nobody paged.</summary>
    AmendedNotWorse,

    /// <summary>The lab withdrew the result (entered-in-error or cancelled): noted on the open message, its holders told.</summary>
    Withdrawn,
}
