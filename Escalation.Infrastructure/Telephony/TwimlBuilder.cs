using System.Text;
using System.Xml;

namespace Escalation.Infrastructure.Telephony;

/// <summary>
/// The TwiML documents the app answers Twilio with, written with <see cref="XmlWriter"/> so every value is escaped.
/// Nothing spoken here names a patient: a call may be answered by anyone who holds the phone.
/// </summary>
public static class TwimlBuilder
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
        return Write(w =>
        {
            WriteGather(w, gatherAction, PageScript);
            WriteGather(w, gatherAction, RepeatPrefix + PageScript);
            WriteSay(w, Goodbye);
            w.WriteElementString("Hangup", "");
        });
    }

    /// <summary>
    /// Masked callback: says a line to the clinician, then dials the patient showing <paramref name="callerId"/>
    /// (the practice number) as the caller.
    /// </summary>
    public static string Bridge(string callerId, string patientNumber)
    {
        ArgumentException.ThrowIfNullOrEmpty(callerId);
        ArgumentException.ThrowIfNullOrEmpty(patientNumber);
        return Write(w =>
        {
            WriteSay(w, BridgeText);
            w.WriteStartElement("Dial");
            w.WriteAttributeString("callerId", callerId);
            w.WriteElementString("Number", patientNumber);
            w.WriteEndElement();
        });
    }

    /// <summary>Says <paramref name="text"/> and hangs up: the answer to a key press, for instance.</summary>
    public static string SayAndHangup(string text) => Write(w =>
    {
        WriteSay(w, text);
        w.WriteElementString("Hangup", "");
    });

    public static string Acknowledged() => SayAndHangup(AcknowledgedText);

    public static string Escalated() => SayAndHangup(EscalatedText);

    /// <summary>Ends the call at once: the answer for voicemail, a fax, or a request that failed validation.</summary>
    public static string Hangup() => Write(w => w.WriteElementString("Hangup", ""));

    /// <summary>An empty response: the answer to an inbound SMS or a status callback when nothing is to be sent back.</summary>
    public static string Empty() => Write(_ => { });

    /// <summary>A text sent back in reply to an inbound SMS.</summary>
    public static string Message(string text) => Write(w => w.WriteElementString("Message", text));

    private static void WriteGather(XmlWriter w, Uri action, string text)
    {
        w.WriteStartElement("Gather");
        w.WriteAttributeString("numDigits", "1");
        w.WriteAttributeString("action", action.AbsoluteUri);
        w.WriteAttributeString("method", "POST");
        w.WriteAttributeString("timeout", GatherTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        WriteSay(w, text);
        w.WriteEndElement();
    }

    private static void WriteSay(XmlWriter w, string text) => w.WriteElementString("Say", text);

    private static string Write(Action<XmlWriter> body)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = false,
        };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("Response");
            body(writer);
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
