namespace Escalation.Infrastructure.Fhir.Lifecycle;

/// <summary>The step of a message that a Communication reports back to the lab: one of each per message, at most.</summary>
public enum CommunicationKind
{
    Acknowledged,
    Closed,
}
