namespace Escalation.Infrastructure.Engine;

/// <summary>A short reply on a message's thread ("calling the patient now"); encrypted at rest like the body.</summary>
public sealed class MessageReply
{
    private MessageReply()
    {
        UserId = string.Empty;
    }

    public MessageReply(MessageId messageId, string userId, ProtectedText text, DateTimeOffset at)
    {
        Id = Guid.NewGuid();
        MessageId = messageId;
        UserId = userId;
        Text = text;
        At = at.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public MessageId MessageId { get; private set; }

    public string UserId { get; private set; }

    public ProtectedText Text { get; private set; }

    public DateTimeOffset At { get; private set; }
}

public sealed record ReplyView(Guid Id, string UserId, string DisplayName, string Text, DateTimeOffset At);
