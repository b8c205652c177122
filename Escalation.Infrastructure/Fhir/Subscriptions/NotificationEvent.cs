using Hl7.Fhir.Model;

namespace Escalation.Infrastructure.Fhir.Subscriptions;

/// <summary>
/// One notification-event: its number, time, the focus reference (e.g. "https://lab.example.org/fhir/Observation/9")
/// and, with full-resource content, the focus resource itself as included in the bundle.
/// </summary>
public sealed record NotificationEvent(string? EventNumber, DateTimeOffset? Timestamp, string? FocusReference, Resource? Focus, IReadOnlyList<string> AdditionalContext);
