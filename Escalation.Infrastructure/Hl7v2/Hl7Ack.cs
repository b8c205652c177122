using System.Globalization;
using System.Text;

namespace Escalation.Infrastructure.Hl7v2;

/// <summary>
/// The original-mode acknowledgment every message gets: an MSH addressed back to the sender, an MSA with the code
/// (<c>AA</c> taken, <c>AE</c> cannot be judged, <c>AR</c> not a message we take) and the sender's control id, and
/// for AE/AR an ERR segment naming the segment and field. ERR carries the error location both the v2.3/2.4 way
/// (ERR-1) and the v2.5 way (ERR-2 to ERR-4): a receiver reads the fields of its version and ignores the rest.
/// Standard delimiters; the free text is escaped.
/// </summary>
public static class Hl7Ack
{
    public const string Accept = "AA";

    public static string Build(Hl7Message? received, string code, string text, Hl7Error? error, DateTimeOffset now, string application, string facility)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(text);
        var d = Hl7Delimiters.Standard;
        var version = received?.Version is { Length: > 0 } v ? v : "2.5.1";
        var trigger = received?.TriggerEvent is { Length: > 0 } t ? t : "R01";
        // v2.3 and v2.3.1 know MSH-9 as type^event only; the message structure (ACK) came with v2.4.
        var type = version.StartsWith("2.3", StringComparison.Ordinal) ? $"ACK^{Escape(trigger)}" : $"ACK^{Escape(trigger)}^ACK";
        var controlId = received?.ControlId ?? "";
        var processing = received?.ProcessingId is { Length: > 0 } p ? p : "P";
        var ack = new StringBuilder(256);
        ack.Append("MSH|").Append(d.EncodingCharacters).Append('|')
            .Append(Escape(application)).Append('|').Append(Escape(facility)).Append('|')
            .Append(received?.SendingApplication is { } app ? Reencode(app, received.Delimiters) : "").Append('|')
            .Append(received?.SendingFacility is { } fac ? Reencode(fac, received.Delimiters) : "").Append('|')
            .Append(now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)).Append("+0000").Append("||")
            .Append(type).Append('|')
            .Append(AckControlId(controlId)).Append('|')
            .Append(Escape(processing)).Append('|')
            .Append(Escape(version)).Append('\r');
        ack.Append("MSA|").Append(code).Append('|').Append(Escape(controlId)).Append('|').Append(Escape(Cut(text, 80))).Append('\r');
        if (error is not null)
        {
            var codeText = Hl7Error.CodeTexts.TryGetValue(error.Code, out var known) ? known : "";
            var location = $"{Escape(error.Segment)}^{error.Sequence}^{(error.Field > 0 ? error.Field.ToString(CultureInfo.InvariantCulture) : "")}";
            ack.Append("ERR|")
                .Append(location).Append('^').Append(error.Code).Append('&').Append(Escape(codeText)).Append("&HL70357|")
                .Append(location).Append('|')
                .Append(error.Code).Append('^').Append(Escape(codeText)).Append("^HL70357|E||||")
                .Append(Escape(error.Text)).Append('\r');
        }

        return ack.ToString();
    }

    /// <summary>A control id of our own for the ACK, traceable to the one it answers and within MSH-10's 20 characters.</summary>
    private static string AckControlId(string controlId)
    {
        var id = "A" + new string(controlId.Where(char.IsAsciiLetterOrDigit).ToArray());
        return Escape(id.Length > 20 ? id[..20] : id);
    }

    private static string Escape(string text) => Hl7Escaping.Escape(text, Hl7Delimiters.Standard);

    /// <summary>A raw field of the sender's, rewritten from its delimiters into ours, components kept.</summary>
    private static string Reencode(string raw, Hl7Delimiters from)
    {
        var components = raw.Split(from.Repetition)[0].Split(from.Component);
        return string.Join('^', components.Select(c => string.Join('&', c.Split(from.Subcomponent).Select(s => Escape(Hl7Escaping.Unescape(s, from))))));
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
