namespace Escalation.Infrastructure.Telephony;

/// <summary>Twilio's <c>CallStatus</c> values.</summary>
public enum TwilioCallState
{
    Unknown,
    Queued,
    Initiated,
    Ringing,
    InProgress,
    Completed,
    Busy,
    Failed,
    NoAnswer,
    Canceled,
}
