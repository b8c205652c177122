using Escalation.Domain.Messages;

namespace Escalation.Infrastructure.Engine;

/// <summary>A request to send a message, as the API and the pages receive it (plaintext; the engine encrypts).</summary>
public sealed record SendMessage(
    Tier Tier,
    string Subject,
    string Body,
    string? PatientRef,
    Guid? UnitId,
    Guid? RoleId,
    Guid? LadderId,
    MessageSource Source,
    string? ExternalId,
    bool Broadcast = false);

public sealed record SendResult(MessageId Id, bool Created);
