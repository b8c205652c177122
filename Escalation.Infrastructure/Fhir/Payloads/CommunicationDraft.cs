namespace Escalation.Infrastructure.Fhir.Payloads;

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

    /// <summary>A recipient known by name only (the lab or EHR being told), written as a display-only reference.</summary>
    public string? RecipientDisplay { get; init; }

    /// <summary>A business identifier (system, value): lets the receiving server tell a resend from a new Communication.</summary>
    public (string System, string Value)? Identifier { get; init; }

    /// <summary>The orders the result answers ("ServiceRequest/req").</summary>
    public IReadOnlyList<string> BasedOn { get; init; } = [];
}
