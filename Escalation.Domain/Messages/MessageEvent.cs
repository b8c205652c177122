using Escalation.Domain.Ladders;

namespace Escalation.Domain.Messages;

public enum MessageEventKind
{
    Created,
    LayerStarted,
    Delivered,
    LayerSkipped,
    Escalated,
    Exhausted,
    Repaged,
    Read,
    Acknowledged,
    Closed,
    EscalatedByHand,
    Reassigned,
    Replied,
    /// <summary>The acknowledger was reminded that the message is still not closed.</summary>
    AckReminderSent,
    /// <summary>Still not closed after the second window: on the charge nurse's board as "acknowledged, not closed".</summary>
    AckNotClosedFlagged,
}

/// <summary>
/// Something that happened to a message, raised by the aggregate and turned into audit entries and side effects
/// in the same transaction, and into live notifications after it commits.
/// </summary>
public sealed record MessageEvent(
    MessageEventKind Kind,
    MessageId MessageId,
    DateTimeOffset At,
    string Actor,
    int? Layer = null,
    string? RecipientId = null,
    Channels? Channel = null,
    string? Detail = null,
    Delivery? Delivery = null);
