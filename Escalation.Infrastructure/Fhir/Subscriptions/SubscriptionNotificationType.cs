namespace Escalation.Infrastructure.Fhir.Subscriptions;

/// <summary>What a subscription notification is for (Subscriptions Backport IG notification types, plus the R4 ping).</summary>
public enum SubscriptionNotificationType
{
    /// <summary>An R4 rest-hook POST with an empty body: "something changed, come and look".</summary>
    Ping,

    Handshake,
    Heartbeat,
    EventNotification,
    QueryStatus,
    QueryEvent,
}
