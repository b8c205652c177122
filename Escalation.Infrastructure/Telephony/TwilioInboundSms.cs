namespace Escalation.Infrastructure.Telephony;

/// <summary>A text someone sent to the practice number.</summary>
public sealed record TwilioInboundSms(string? MessageSid, string From, string? To, string Body)
{
    /// <summary>STOP and START semantics of the text (see <see cref="Keyword(string?)"/>).</summary>
    public SmsKeyword Keyword() => Keyword(Body);

    /// <summary>Reads the form; throws <see cref="FormatException"/> when <c>From</c> is missing.</summary>
    public static TwilioInboundSms Parse(IEnumerable<KeyValuePair<string, string>> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var pairs = form as IReadOnlyCollection<KeyValuePair<string, string>> ?? form.ToList();
        var from = TwilioForm.Value(pairs, "From") ?? throw new FormatException("An inbound Twilio SMS needs 'From'.");
        return new TwilioInboundSms(
            TwilioForm.Value(pairs, "MessageSid") ?? TwilioForm.Value(pairs, "SmsSid"),
            from,
            TwilioForm.Value(pairs, "To"),
            TwilioForm.Value(pairs, "Body") ?? "");
    }

    /// <summary>
    /// A keyword counts only as the whole text, in any case, with surrounding spaces and a trailing full stop or
    /// exclamation mark ignored: "stop" and " STOP! " opt out, "please stop calling" does not (as with Twilio, which
    /// acts only on a single-word keyword).
    /// </summary>
    public static SmsKeyword Keyword(string? body)
    {
        var word = (body ?? "").Trim().TrimEnd('.', '!').Trim().ToUpperInvariant();
        return word switch
        {
            "STOP" or "STOPALL" or "UNSUBSCRIBE" or "CANCEL" or "END" or "QUIT" or "REVOKE" or "OPTOUT" => SmsKeyword.OptOut,
            "START" or "YES" or "UNSTOP" => SmsKeyword.OptIn,
            "HELP" or "INFO" => SmsKeyword.Help,
            _ => SmsKeyword.None,
        };
    }
}
