namespace Escalation.Infrastructure.Fhir;

/// <summary>How much a notification carries: nothing, references only (fetch them), or the resources themselves.</summary>
public enum NotificationContent
{
    Empty,
    IdOnly,
    FullResource,
}
