namespace Escalation.Infrastructure.Telephony;

/// <summary>Twilio's <c>MessageStatus</c> values.</summary>
public enum TwilioMessageState
{
    Unknown,
    Accepted,
    Scheduled,
    Queued,
    Sending,
    Sent,
    Delivered,
    Undelivered,
    Failed,
    Receiving,
    Received,
    Read,
    Canceled,
}
