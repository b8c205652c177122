namespace Escalation.Domain.LabResults;

/// <summary>What a lab result asks of the escalation service: nothing, an urgent message or a critical one.</summary>
public enum DetectionOutcome
{
    None,
    Urgent,
    Critical,
}
