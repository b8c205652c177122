namespace Escalation.Infrastructure.Hl7v2;

/// <summary>
/// Reads an HL7 v2 message in the pipe-and-hat encoding: segments end with CR, LF or CRLF (senders and the tools
/// between them disagree), the delimiters come from MSH-1 and MSH-2, and empty lines are skipped. It checks only the
/// shape every message has (an MSH first, with its delimiters); what an ORU must hold is for the reader that needs it.
/// Unknown and Z-segments are kept, so a reader can skip them by name.
/// </summary>
public static class Hl7Parser
{
    public static Hl7Message Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (body.Length < 8 || !body.StartsWith("MSH", StringComparison.Ordinal))
        {
            throw Reject(0, "The message does not start with an MSH segment.");
        }

        var field = body[3];
        if (char.IsLetterOrDigit(field) || char.IsWhiteSpace(field))
        {
            throw Reject(1, "MSH-1, the field separator, must be a punctuation character.");
        }

        var encodingEnd = body.IndexOf(field, 4);
        var encoding = encodingEnd < 0 ? "" : body[4..encodingEnd];
        if (encoding.Length < 4 || encoding.Length > 5 || encoding.Distinct().Count() != encoding.Length || encoding.Contains(field, StringComparison.Ordinal)
            || encoding.Any(c => char.IsLetterOrDigit(c) || char.IsWhiteSpace(c)))
        {
            throw Reject(2, "MSH-2 must hold four distinct encoding characters (component, repetition, escape, subcomponent), such as ^~\\&.");
        }

        var delimiters = new Hl7Delimiters(field, encoding[0], encoding[1], encoding[2], encoding[3]);
        var segments = new List<Hl7Segment>();
        foreach (var line in body.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var sequence = segments.Count + 1;
            var parts = line.Split(field);
            var name = parts[0].Trim();
            if (name.Length != 3 || !name.All(char.IsAsciiLetterOrDigit))
            {
                throw new Hl7Exception(new Hl7Error(Hl7Error.Error, Hl7Error.SegmentSequenceError, name.Length is > 0 and <= 3 ? name : "???", sequence, 0,
                    $"Segment {sequence} has no three-character segment name."));
            }

            string[] fields;
            if (name == "MSH")
            {
                // MSH-1 is the separator itself: MSH|^~\&|A splits as [MSH, ^~\&, A], so every field moves one up.
                fields = new string[parts.Length + 1];
                fields[0] = name;
                fields[1] = field.ToString();
                Array.Copy(parts, 1, fields, 2, parts.Length - 1);
            }
            else
            {
                fields = parts;
                fields[0] = name;
            }

            segments.Add(new Hl7Segment(name, fields, sequence, delimiters));
        }

        return new Hl7Message(delimiters, segments);
    }

    private static Hl7Exception Reject(int field, string text) => new(new Hl7Error(Hl7Error.Reject, Hl7Error.RequiredFieldMissing, "MSH", 1, field, text));
}
