using System.Globalization;

namespace Escalation.Infrastructure.Telephony;

/// <summary>
/// A voice webhook from Twilio: the status callback, the TwiML fetch and the Gather action all carry these
/// fields (the Gather action adds <c>Digits</c>).
/// </summary>
public sealed record TwilioCallStatus(
    string CallSid,
    TwilioCallState CallStatus,
    TwilioAnsweredBy AnsweredBy,
    string? Digits,
    string? From,
    string? To,
    int? Duration)
{
    public CallOutcome Outcome => CallClassifier.Classify(CallStatus, AnsweredBy, Digits);

    /// <summary>Reads the form; throws <see cref="FormatException"/> when <c>CallSid</c> is missing.</summary>
    public static TwilioCallStatus Parse(IEnumerable<KeyValuePair<string, string>> form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var pairs = form as IReadOnlyCollection<KeyValuePair<string, string>> ?? form.ToList();
        var sid = TwilioForm.Value(pairs, "CallSid") ?? throw new FormatException("A Twilio call webhook needs 'CallSid'.");
        // CallDuration on the completed callback; Duration (minutes, rounded up) on some others.
        var duration = TwilioForm.Value(pairs, "CallDuration") ?? TwilioForm.Value(pairs, "Duration");
        return new TwilioCallStatus(
            sid,
            ParseState(TwilioForm.Value(pairs, "CallStatus")),
            ParseAnsweredBy(TwilioForm.Value(pairs, "AnsweredBy")),
            TwilioForm.Value(pairs, "Digits"),
            TwilioForm.Value(pairs, "From"),
            TwilioForm.Value(pairs, "To"),
            int.TryParse(duration, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? seconds : null);
    }

    public static TwilioCallState ParseState(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "queued" => TwilioCallState.Queued,
        "initiated" => TwilioCallState.Initiated,
        "ringing" => TwilioCallState.Ringing,
        "in-progress" or "answered" => TwilioCallState.InProgress,
        "completed" => TwilioCallState.Completed,
        "busy" => TwilioCallState.Busy,
        "failed" => TwilioCallState.Failed,
        "no-answer" => TwilioCallState.NoAnswer,
        "canceled" => TwilioCallState.Canceled,
        _ => TwilioCallState.Unknown,
    };

    public static TwilioAnsweredBy ParseAnsweredBy(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => TwilioAnsweredBy.NotDetected,
        "human" => TwilioAnsweredBy.Human,
        "machine_start" => TwilioAnsweredBy.MachineStart,
        "machine_end_beep" => TwilioAnsweredBy.MachineEndBeep,
        "machine_end_silence" => TwilioAnsweredBy.MachineEndSilence,
        "machine_end_other" => TwilioAnsweredBy.MachineEndOther,
        "fax" => TwilioAnsweredBy.Fax,
        _ => TwilioAnsweredBy.Unknown,
    };
}
