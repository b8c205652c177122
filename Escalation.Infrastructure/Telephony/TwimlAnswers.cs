using System.Xml.Linq;
using Twilio.TwiML;
using Twilio.TwiML.Voice;
using Twilio.Types;
using TwilioHttpMethod = Twilio.Http.HttpMethod;

namespace Escalation.Infrastructure.Telephony;

/// <summary>
/// The TwiML the app answers Twilio with, built with the Twilio SDK's <see cref="VoiceResponse"/> and
/// <see cref="MessagingResponse"/>, which escape every value. Nothing spoken here names a patient: a call may be
/// answered by anyone who holds the phone.
/// </summary>
public static class TwimlAnswers
{
    public const string PageScript =
        "This is the escalation service. A critical message is waiting for you. Press 1 to acknowledge, press 2 to escalate now.";

    public const string RepeatPrefix = "Sorry, I did not get that. ";

    public const string Goodbye = "No response was received. Goodbye.";

    public const string AcknowledgedText = "Thank you. The message is acknowledged. Goodbye.";

    public const string EscalatedText = "Thank you. The message is being escalated now. Goodbye.";

    public const string BridgeText = "Connecting you now. The patient will see the practice number.";

    /// <summary>Seconds Twilio waits for a key press before it moves on to the next verb.</summary>
    public const int GatherTimeoutSeconds = 8;

    /// <summary>
    /// The page: the script inside a one-digit <c>&lt;Gather&gt;</c> that posts <c>Digits</c> to
    /// <paramref name="gatherAction"/>; without a key press the script is said once more, then goodbye.
    /// </summary>
    public static string Page(Uri gatherAction)
    {
        ArgumentNullException.ThrowIfNull(gatherAction);
        var response = new VoiceResponse()
            .Append(Gather(gatherAction, PageScript))
            .Append(Gather(gatherAction, RepeatPrefix + PageScript))
            .Say(Goodbye)
            .Hangup();
        return Write(response);
    }

    /// <summary>
    /// Masked callback: says a line to the clinician, then dials the patient showing <paramref name="callerId"/>
    /// (the practice number) as the caller.
    /// </summary>
    public static string Bridge(string callerId, string patientNumber)
    {
        ArgumentException.ThrowIfNullOrEmpty(callerId);
        ArgumentException.ThrowIfNullOrEmpty(patientNumber);
        var response = new VoiceResponse()
            .Say(BridgeText)
            .Append(new Dial(callerId: callerId).Number(new PhoneNumber(patientNumber)));
        return Write(response);
    }

    /// <summary>Says <paramref name="text"/> and hangs up: the answer to a key press, for instance.</summary>
    public static string SayAndHangup(string text) => Write(new VoiceResponse().Say(text).Hangup());

    public static string Acknowledged() => SayAndHangup(AcknowledgedText);

    public static string Escalated() => SayAndHangup(EscalatedText);

    /// <summary>Ends the call at once: the answer for voicemail, a fax, or a request that failed validation.</summary>
    public static string Hangup() => Write(new VoiceResponse().Hangup());

    /// <summary>An empty response: the answer to an inbound SMS or a status callback when nothing is to be sent back.</summary>
    public static string Empty() => Write(new MessagingResponse());

    /// <summary>A text sent back in reply to an inbound SMS.</summary>
    public static string Message(string text) => Write(new MessagingResponse().Message(text));

    private static Gather Gather(Uri action, string text) =>
        new Gather(numDigits: 1, action: action, method: TwilioHttpMethod.Post, timeout: GatherTimeoutSeconds).Say(text);

    // Unindented like the answers before the SDK, so logs and captured replies stay one line; Twilio ignores whitespace.
    private static string Write(TwiML response) => response.ToString(SaveOptions.DisableFormatting);
}
