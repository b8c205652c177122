using Escalation.Infrastructure.Fhir.Payloads;

namespace Escalation.Infrastructure.Fhir.Subscriptions;

/// <summary>
/// A notification received on our rest-hook endpoint, in neutral terms. For an R4 rest-hook with a resource body the
/// resource is the single included resource and the single event's focus; for a Backport IG bundle the fields come
/// from its SubscriptionStatus Parameters.
/// </summary>
public sealed record SubscriptionNotification(
    SubscriptionNotificationType Type,
    string? SubscriptionReference,
    string? Topic,
    string? Status,
    long? EventsSinceSubscriptionStart,
    NotificationContent Content,
    IReadOnlyList<NotificationEvent> Events,
    IReadOnlyList<FhirBundleEntry> IncludedResources,
    IReadOnlyList<string> Errors)
{
    /// <summary>A handshake or heartbeat: answer 200 and record that the subscription is alive; nothing to process.</summary>
    public bool IsHousekeeping => Type is SubscriptionNotificationType.Handshake or SubscriptionNotificationType.Heartbeat;
}
