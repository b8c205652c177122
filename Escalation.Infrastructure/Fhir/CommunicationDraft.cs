namespace Escalation.Infrastructure.Fhir;

/// <summary>
/// What we tell the source system after a critical result was communicated: who acknowledged (recipient), who sent
/// it (sender, usually our service or the lab), when, and the text. References are FHIR references
/// ("Practitioner/123", "Observation/456").
/// </summary>
public sealed record CommunicationDraft(
    string AboutObservation,
    string? Sender,
    IReadOnlyList<string> Recipients,
    DateTimeOffset Sent,
    DateTimeOffset? Received,
    string PayloadText)
{
    public string? Id { get; init; }
    public string? Subject { get; init; }
    public string? SenderDisplay { get; init; }
}
