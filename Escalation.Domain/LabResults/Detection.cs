namespace Escalation.Domain.LabResults;

/// <summary>
/// The verdict on one observation. <see cref="TriggeredBy"/> names what raised the outcome (the observation's own
/// value or a component such as "8480-6 Systolic blood pressure"); <see cref="Flag"/> is the flag of the most severe part.
/// </summary>
public sealed record Detection(DetectionOutcome Outcome, ResultFlag Flag, string Reason, IReadOnlyList<string> TriggeredBy)
{
    public static Detection Nothing(string reason) => new(DetectionOutcome.None, ResultFlag.Unknown, reason, []);
}
