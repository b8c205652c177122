namespace Escalation.Infrastructure.Fhir.Subscriptions;

/// <summary>What a subscription notification was and what came of it: the intake's outcomes, and notes on what was left alone.</summary>
public sealed record NotificationReceipt(SubscriptionNotificationType Type, IReadOnlyList<LabIntakeOutcome> Outcomes, IReadOnlyList<string> Notes);
