namespace Escalation.Infrastructure.Answering;

/// <summary>
/// One masked callback: a clinician asked to call a message's caller back; we call the clinician, then bridge to
/// the caller showing the practice number. Kept as the call log (who, when, which message, Twilio's call SID,
/// every status Twilio reported, how long it lasted). Phone numbers are not stored here.
/// </summary>
public sealed class CallbackCall
{
    private CallbackCall()
    {
        ClinicianId = Status = string.Empty;
    }

    public CallbackCall(MessageId messageId, string clinicianId, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        MessageId = messageId;
        ClinicianId = clinicianId;
        RequestedAt = now;
        Status = CallbackStatus.Requested;
    }

    public Guid Id { get; private set; }

    public MessageId MessageId { get; private set; }

    public string ClinicianId { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }

    /// <summary>Twilio's SID of the call to the clinician (the leg the caller is bridged onto).</summary>
    public string? CallSid { get; private set; }

    /// <summary>One of <see cref="CallbackStatus"/>, or Twilio's own call status once it reports.</summary>
    public string Status { get; private set; }

    public string? AnsweredBy { get; private set; }

    /// <summary>When the clinician answered and the bridge to the caller was handed to Twilio.</summary>
    public DateTimeOffset? BridgedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public int? DurationSeconds { get; private set; }

    /// <summary>Why the call could not be placed (Twilio unavailable or refusing); never a phone number.</summary>
    public string? Error { get; private set; }

    public bool IsFinished => EndedAt is not null;

    /// <summary>Twilio took the call. Its status callbacks may have arrived first; what they said stands.</summary>
    public void Placed(string callSid, string status)
    {
        CallSid ??= callSid;
        if (Status == CallbackStatus.Requested)
        {
            Status = status;
        }
    }

    public void Failed(string error, DateTimeOffset now)
    {
        Status = CallbackStatus.Failed;
        Error = error.Length > 500 ? error[..500] : error;
        EndedAt = now;
    }

    public void Bridged(DateTimeOffset now)
    {
        Status = CallbackStatus.Bridging;
        BridgedAt = now;
    }

    public void Voicemail(string answeredBy, DateTimeOffset now)
    {
        Status = CallbackStatus.Voicemail;
        AnsweredBy = answeredBy;
        EndedAt ??= now;
    }

    /// <summary>A status callback from Twilio. A terminal status ends the call; a voicemail verdict already given stays.</summary>
    public void Reported(string status, string? answeredBy, int? durationSeconds, bool terminal, DateTimeOffset now)
    {
        if (Status != CallbackStatus.Voicemail)
        {
            Status = status;
        }

        AnsweredBy = answeredBy ?? AnsweredBy;
        DurationSeconds = durationSeconds ?? DurationSeconds;
        if (terminal)
        {
            EndedAt ??= now;
        }
    }
}
