namespace Escalation.Infrastructure.Answering;

/// <summary>An answering-service caller, decrypted for somebody who may see the message.</summary>
public sealed record CallerView(
    Guid MessageId,
    string CallerName,
    string CallbackNumber,
    string? Reason,
    string TriageTier,
    bool AfterHours,
    string Routing,
    DateTimeOffset ReceivedAt);
