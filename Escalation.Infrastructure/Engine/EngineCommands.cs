namespace Escalation.Infrastructure.Engine;

/// <summary>
/// A request to send a message, as the API and the pages receive it (plaintext; the engine encrypts). <see cref="Call"/>
/// carries an answering service's caller details: stored with the message, and routing it after hours.
/// <see cref="StartAtRole"/> starts an escalating message at the first layer that addresses <see cref="RoleId"/>
/// (a lab result routed to the attending who ordered it); otherwise a role only chooses the unit.
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
    Answering.AnsweringCall? Call = null,
    bool StartAtRole = false);

public sealed record SendResult(MessageId Id, bool Created);
