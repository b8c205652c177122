namespace Escalation.Infrastructure.Hl7v2;

/// <summary>
/// Why a message was not taken, as the ACK's ERR segment says it: where (the segment, its position in the message,
/// the field) and an HL7 table 0357 code. <see cref="AckCode"/> is <c>AR</c> when the message is not one we take at
/// all (not an ORU^R01, an unknown version, an unreadable header), <c>AE</c> when it is but cannot be judged.
/// The text never quotes patient data: it may be logged.
/// </summary>
public sealed record Hl7Error(string AckCode, string Code, string Segment, int Sequence, int Field, string Text)
{
    public const string Reject = "AR";
    public const string Error = "AE";

    // HL7 table 0357, message error condition codes.
    public const string SegmentSequenceError = "100";
    public const string RequiredFieldMissing = "101";
    public const string DataTypeError = "102";
    public const string TableValueNotFound = "103";
    public const string UnsupportedMessageType = "200";
    public const string UnsupportedEventCode = "201";
    public const string UnsupportedProcessingId = "202";
    public const string UnsupportedVersionId = "203";
    public const string ApplicationInternalError = "207";

    public static readonly IReadOnlyDictionary<string, string> CodeTexts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [SegmentSequenceError] = "Segment sequence error",
        [RequiredFieldMissing] = "Required field missing",
        [DataTypeError] = "Data type error",
        [TableValueNotFound] = "Table value not found",
        [UnsupportedMessageType] = "Unsupported message type",
        [UnsupportedEventCode] = "Unsupported event code",
        [UnsupportedProcessingId] = "Unsupported processing id",
        [UnsupportedVersionId] = "Unsupported version id",
        [ApplicationInternalError] = "Application internal error",
    };

    /// <summary>"OBX-5 (segment 4)", or "MSH" when no field is named.</summary>
    public string Location => Field > 0 ? $"{Segment}-{Field} (segment {Sequence})" : $"{Segment} (segment {Sequence})";
}
