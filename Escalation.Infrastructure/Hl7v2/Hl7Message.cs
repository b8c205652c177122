namespace Escalation.Infrastructure.Hl7v2;

/// <summary>A parsed HL7 v2 message: its segments in order, and the header fields every message is answered by.</summary>
public sealed class Hl7Message(Hl7Delimiters delimiters, IReadOnlyList<Hl7Segment> segments)
{
    public Hl7Delimiters Delimiters { get; } = delimiters;

    public IReadOnlyList<Hl7Segment> Segments { get; } = segments;

    public Hl7Segment Header => Segments[0];

    public string SendingApplication => Header.Raw(3);

    public string SendingFacility => Header.Raw(4);

    public string ReceivingApplication => Header.Raw(5);

    public string ReceivingFacility => Header.Raw(6);

    /// <summary>MSH-9.1: ORU, ADT, ...</summary>
    public string MessageType => Header.Value(9, 1);

    /// <summary>MSH-9.2: R01, A01, ...</summary>
    public string TriggerEvent => Header.Value(9, 2);

    /// <summary>MSH-10, the sender's id of this message: the ACK quotes it, and a resend carries it again.</summary>
    public string ControlId => Header.Value(10);

    /// <summary>MSH-11.1: P (production), T (training), D (debugging).</summary>
    public string ProcessingId => Header.Value(11);

    /// <summary>MSH-12.1: 2.3, 2.3.1, 2.4, 2.5, 2.5.1, ...</summary>
    public string Version => Header.Value(12);
}
