namespace Escalation.Infrastructure.Answering;

/// <summary>
/// What an answering service told us about a caller, kept beside the message it created. The caller's name,
/// number and reason are patient data: stored encrypted, like the message body (see Engine.PatientDataProtector).
/// </summary>
public sealed class AnsweringServiceCall
{
    private AnsweringServiceCall()
    {
    }

    public AnsweringServiceCall(MessageId messageId, ProtectedText callerName, ProtectedText callbackNumber, ProtectedText? reason, Tier triageTier, bool afterHours, string routing, DateTimeOffset receivedAt)
    {
        MessageId = messageId;
        CallerName = callerName;
        CallbackNumber = callbackNumber;
        Reason = reason;
        TriageTier = triageTier;
        AfterHours = afterHours;
        Routing = routing;
        ReceivedAt = receivedAt;
    }

    public MessageId MessageId { get; private set; }

    public ProtectedText CallerName { get; private set; }

    public ProtectedText CallbackNumber { get; private set; }

    public ProtectedText? Reason { get; private set; }

    public Tier TriageTier { get; private set; }

    /// <summary>Received outside the practice's office hours.</summary>
    public bool AfterHours { get; private set; }

    /// <summary>How the message was started, in words, for the message page and the audit ("on-call physician, layer 3").</summary>
    public string Routing { get; private set; } = string.Empty;

    public DateTimeOffset ReceivedAt { get; private set; }
}
