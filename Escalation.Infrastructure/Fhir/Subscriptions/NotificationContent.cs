namespace Escalation.Infrastructure.Fhir.Subscriptions;

/// <summary>How much a notification carries: nothing, references only (fetch them), or the resources themselves.</summary>
public enum NotificationContent
{
    Empty,
    IdOnly,
    FullResource,
}
