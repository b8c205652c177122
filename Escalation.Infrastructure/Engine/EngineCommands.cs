using Escalation.Domain.Messages;

namespace Escalation.Infrastructure.Engine;

/// <summary>
/// A request to send a message, as the API and the pages receive it (plaintext; the engine encrypts). <see cref="Call"/>
/// carries an answering service's caller details: stored with the message, and routing it after hours.
/// </summary>
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
    bool Broadcast = false,
    Answering.AnsweringCall? Call = null);

public sealed record SendResult(MessageId Id, bool Created);
