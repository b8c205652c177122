using Escalation.Domain.Ladders;

namespace Escalation.Infrastructure.Engine;

/// <summary>
/// A side effect (a page on one channel) written in the same transaction as the step that caused it and sent
/// after commit. Its idempotency key (message, layer, page, recipient, channel) is unique: a step that is retried
/// or fired twice cannot queue the same page twice.
/// </summary>
public sealed class OutboxItem
{
    private OutboxItem()
    {
        IdempotencyKey = RecipientId = string.Empty;
    }

    public OutboxItem(Delivery delivery, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        IdempotencyKey = delivery.IdempotencyKey;
        MessageId = delivery.MessageId;
        DeliveryId = delivery.Id;
        RecipientId = delivery.RecipientId;
        Channel = delivery.Channel;
        Layer = delivery.Layer;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public string IdempotencyKey { get; private set; }

    public MessageId MessageId { get; private set; }

    public Guid DeliveryId { get; private set; }

    public string RecipientId { get; private set; }

    public Channels Channel { get; private set; }

    public int Layer { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public int Attempts { get; private set; }

    public string? LastError { get; private set; }

    public void MarkSent(DateTimeOffset now)
    {
        SentAt = now;
        Attempts++;
        LastError = null;
    }

    public void MarkFailed(string error)
    {
        Attempts++;
        LastError = error.Length > 500 ? error[..500] : error;
    }
}
