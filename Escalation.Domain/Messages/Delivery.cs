using Escalation.Domain.Ladders;

namespace Escalation.Domain.Messages;

/// <summary>
/// One page to one person on one channel for one layer (and one re-page of an exhausted message). Its key is the
/// idempotency key of the side effect: the same delivery is never sent twice.
/// </summary>
public sealed class Delivery
{
    private Delivery()
    {
        RecipientId = string.Empty;
    }

    internal Delivery(MessageId messageId, int layer, int page, string recipientId, Channels channel, DateTimeOffset at)
    {
        Id = Guid.NewGuid();
        MessageId = messageId;
        Layer = layer;
        Page = page;
        RecipientId = recipientId;
        Channel = channel;
        DeliveredAt = at;
    }

    public Guid Id { get; private set; }

    public MessageId MessageId { get; private set; }

    /// <summary>
    /// The page number of a forgotten-acknowledgment reminder (on layer 0): apart from every ladder page, and one per
    /// person and channel, so the unique key itself refuses a second reminder.
    /// </summary>
    public const int ReminderPage = -1;

    /// <summary>1-based layer number; 0 for a broadcast or a reminder (<see cref="ReminderPage"/>).</summary>
    public int Layer { get; private set; }

    /// <summary>0 for the layer's first page, n for its n-th re-page once the message is exhausted; -1 for a reminder.</summary>
    public int Page { get; private set; }

    public string RecipientId { get; private set; }

    public Channels Channel { get; private set; }

    public DateTimeOffset DeliveredAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public bool IsReminder => Page == ReminderPage;

    public string IdempotencyKey => $"{MessageId}:{Layer}:{Page}:{RecipientId}:{Channel}";

    internal bool MarkRead(DateTimeOffset at)
    {
        if (ReadAt is not null)
        {
            return false;
        }

        ReadAt = at;
        return true;
    }

    internal void MarkAcknowledged(DateTimeOffset at) => AcknowledgedAt ??= at;
}
