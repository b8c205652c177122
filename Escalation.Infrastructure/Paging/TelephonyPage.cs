using Escalation.Domain.Ladders;

namespace Escalation.Infrastructure.Paging;

/// <summary>Where one phone page stands. Only <see cref="Scheduled"/> may be placed, and only by whoever claims it.</summary>
public enum PageOutcome
{
    /// <summary>Waiting to be placed at <see cref="TelephonyPage.DueAt"/> (a first attempt at once, a retry later).</summary>
    Scheduled,

    /// <summary>Claimed by one node, which is asking Twilio now.</summary>
    Placing,

    /// <summary>Twilio accepted it; its status callbacks will say how it went.</summary>
    Pending,

    Acknowledged,
    EscalatedNow,

    /// <summary>No key pressed, busy, no answer, failed, or voicemail: the retry policy decides what follows.</summary>
    NotReached,

    Delivered,
    Undelivered,

    /// <summary>Twilio refused it or could not be reached; audited as a failed step, and the ladder goes on.</summary>
    Failed,

    /// <summary>Not placed: the message was already acknowledged or had moved on, or the number opted out.</summary>
    Skipped,
}

/// <summary>
/// One call or text of one page (an outbox item on the Voice or SMS channel), and each retry of a call as its own
/// row. The id is the opaque reference in the webhook URLs Twilio calls back on, so no URL names a message or a
/// person. (delivery, attempt) is unique: two nodes sending the same outbox item place one call.
/// </summary>
public sealed class TelephonyPage
{
    private TelephonyPage()
    {
        RecipientId = ToNumber = string.Empty;
    }

    public TelephonyPage(Guid deliveryId, Guid messageId, int layer, string recipientId, Channels channel, int attempt, string toNumber, DateTimeOffset dueAt, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        DeliveryId = deliveryId;
        MessageId = messageId;
        Layer = layer;
        RecipientId = recipientId;
        Channel = channel;
        Attempt = attempt;
        ToNumber = toNumber;
        DueAt = dueAt;
        CreatedAt = now;
        Outcome = PageOutcome.Scheduled;
    }

    public Guid Id { get; private set; }

    public Guid DeliveryId { get; private set; }

    public Guid MessageId { get; private set; }

    public int Layer { get; private set; }

    public string RecipientId { get; private set; }

    public Channels Channel { get; private set; }

    /// <summary>1 for the page itself, 2.. for the retries of a call that did not reach the person.</summary>
    public int Attempt { get; private set; }

    /// <summary>The staff member's own verified number (never a patient's).</summary>
    public string ToNumber { get; private set; }

    /// <summary>Twilio's CallSid or MessageSid once it accepted the request.</summary>
    public string? Sid { get; set; }

    /// <summary>The last status Twilio reported (queued, ringing, in-progress, completed, busy, delivered...).</summary>
    public string? Status { get; set; }

    public string? AnsweredBy { get; set; }

    public string? Digits { get; set; }

    public PageOutcome Outcome { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset DueAt { get; private set; }

    public DateTimeOffset? PlacedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public bool IsFinal => Outcome is PageOutcome.Acknowledged or PageOutcome.EscalatedNow or PageOutcome.NotReached
        or PageOutcome.Delivered or PageOutcome.Undelivered or PageOutcome.Failed or PageOutcome.Skipped;
}

/// <summary>Every webhook Twilio sent about a page, as it came: the per-call and per-text status record.</summary>
public sealed class TelephonyCallback
{
    private TelephonyCallback()
    {
        Kind = string.Empty;
    }

    public TelephonyCallback(Guid pageId, string kind, string? status, string? answeredBy, string? digits, string? errorCode, DateTimeOffset receivedAt)
    {
        Id = Guid.NewGuid();
        PageId = pageId;
        Kind = kind;
        Status = status;
        AnsweredBy = answeredBy;
        Digits = digits;
        ErrorCode = errorCode;
        ReceivedAt = receivedAt;
    }

    public Guid Id { get; private set; }

    public Guid PageId { get; private set; }

    /// <summary>answer (TwiML fetched), gather (key pressed), status (call or text status callback).</summary>
    public string Kind { get; private set; }

    public string? Status { get; private set; }

    public string? AnsweredBy { get; private set; }

    public string? Digits { get; private set; }

    public string? ErrorCode { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }
}

/// <summary>A number that texted STOP: no page texts go to it until it texts START. Calls still go (Twilio's rules are for messaging).</summary>
public sealed class SmsOptOut
{
    private SmsOptOut()
    {
        PhoneNumber = string.Empty;
    }

    public SmsOptOut(string phoneNumber, DateTimeOffset at)
    {
        PhoneNumber = phoneNumber;
        OptedOutAt = at;
    }

    public string PhoneNumber { get; private set; }

    public DateTimeOffset OptedOutAt { get; private set; }
}
