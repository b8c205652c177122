using System.Globalization;

namespace Escalation.Infrastructure.Telephony;

/// <summary>A message status callback from Twilio. <c>ErrorCode</c> comes with undelivered and failed (30003: unreachable).</summary>
public sealed record TwilioMessageStatus(string MessageSid, TwilioMessageState MessageStatus, int? ErrorCode)
{
    /// <summary>Delivered to the handset (as far as the carrier reports).</summary>
    public bool IsDelivered => MessageStatus is TwilioMessageState.Delivered or TwilioMessageState.Read;

    /// <summary>Will not be delivered: the engine should try another channel.</summary>
    public bool IsFailed => MessageStatus is TwilioMessageState.Undelivered or TwilioMessageState.Failed or TwilioMessageState.Canceled;

    /// <summary>Reads the form; throws <see cref="FormatException"/> when <c>MessageSid</c> (or the older <c>SmsSid</c>) is missing.</summary>
    public static TwilioMessageStatus Parse(IEnumerable<KeyValuePair<string, string>> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var pairs = form as IReadOnlyCollection<KeyValuePair<string, string>> ?? form.ToList();
        var sid = TwilioForm.Value(pairs, "MessageSid") ?? TwilioForm.Value(pairs, "SmsSid")
            ?? throw new FormatException("A Twilio message webhook needs 'MessageSid'.");
        var status = TwilioForm.Value(pairs, "MessageStatus") ?? TwilioForm.Value(pairs, "SmsStatus");
        var error = TwilioForm.Value(pairs, "ErrorCode");
        return new TwilioMessageStatus(
            sid,
            ParseState(status),
            int.TryParse(error, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : null);
    }

    public static TwilioMessageState ParseState(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "accepted" => TwilioMessageState.Accepted,
        "scheduled" => TwilioMessageState.Scheduled,
        "queued" => TwilioMessageState.Queued,
        "sending" => TwilioMessageState.Sending,
        "sent" => TwilioMessageState.Sent,
        "delivered" => TwilioMessageState.Delivered,
        "undelivered" => TwilioMessageState.Undelivered,
        "failed" => TwilioMessageState.Failed,
        "receiving" => TwilioMessageState.Receiving,
        "received" => TwilioMessageState.Received,
        "read" => TwilioMessageState.Read,
        "canceled" => TwilioMessageState.Canceled,
        _ => TwilioMessageState.Unknown,
    };
}
