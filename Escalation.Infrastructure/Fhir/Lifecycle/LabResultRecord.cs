using Escalation.Domain.LabResults;

namespace Escalation.Infrastructure.Fhir.Lifecycle;

/// <summary>
/// One version of one lab result as received from one source, normal ones included, with what it was judged to be
/// and what the service did. (source, resource, version) is unique: the same version received twice is one row.
/// The judged value is kept so the next version can be compared with it; no patient name or identifier is kept here.
/// </summary>
public sealed class LabResultRecord
{
    private LabResultRecord()
    {
        SourceName = Resource = Status = ReceivedBy = string.Empty;
    }

    public LabResultRecord(string sourceName, string resource, string? versionId, string status, JudgedResult judged, LabResultOutcome outcome, Guid? messageId,
        string? patientReference, string? basedOn, string receivedBy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(judged);
        Id = Guid.NewGuid();
        SourceName = Cut(sourceName, 100)!;
        Resource = Cut(resource, 200)!;
        VersionId = Cut(versionId, 64);
        Status = Cut(status, 32)!;
        Judgement = judged.Outcome;
        Flag = judged.Flag;
        Value = judged.Value;
        Unit = Cut(judged.Unit, 50);
        Direction = judged.Direction;
        Outcome = outcome;
        MessageId = messageId;
        PatientReference = patientReference is { } subject && !subject.StartsWith('#') ? Cut(subject, 200) : null;
        BasedOn = Cut(basedOn, 500);
        ReceivedBy = Cut(receivedBy, 450)!;
        ReceivedAt = now.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    /// <summary>The integration source's name (its key's source name), so a source sees only its own results.</summary>
    public string SourceName { get; private set; }

    /// <summary>"Observation/123".</summary>
    public string Resource { get; private set; }

    /// <summary>meta.versionId ("1" when the source sends none); null for a result without an id, which cannot be tracked.</summary>
    public string? VersionId { get; private set; }

    /// <summary>The FHIR status as received: final, amended, corrected, entered-in-error, cancelled, ...</summary>
    public string Status { get; private set; }

    public DetectionOutcome Judgement { get; private set; }

    public ResultFlag Flag { get; private set; }

    public decimal? Value { get; private set; }

    public string? Unit { get; private set; }

    public ResultDirection Direction { get; private set; }

    public LabResultOutcome Outcome { get; private set; }

    /// <summary>The message sent for this version, or for an amendment or withdrawal the open message it was noted on.</summary>
    public Guid? MessageId { get; private set; }

    /// <summary>The subject reference ("Patient/42"), kept only to address the Communication; contained references are not kept.</summary>
    public string? PatientReference { get; private set; }

    /// <summary>Observation.basedOn references (the orders), space-separated, for the Communication's basedOn.</summary>
    public string? BasedOn { get; private set; }

    public string ReceivedBy { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    /// <summary>When the holders of the noted message were told of a withdrawal; null until then (the sweep retries).</summary>
    public DateTimeOffset? HoldersToldAt { get; private set; }

    public JudgedResult Judged => new(Judgement, Flag, Value, Unit, Direction);

    public bool IsWithdrawn => LabResultLifecycle.IsWithdrawnStatus(Status);

    public void HoldersTold(DateTimeOffset now) => HoldersToldAt ??= now.ToUniversalTime();

    private static string? Cut(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}
