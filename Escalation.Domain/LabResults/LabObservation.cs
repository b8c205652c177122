namespace Escalation.Domain.LabResults;

/// <summary>
/// A lab result in neutral terms, whatever format it arrived in (FHIR R4 Observation today). Nothing here is
/// FHIR-specific except the status and interpretation codes, which are kept raw so a message can quote them.
/// </summary>
public sealed record LabObservation
{
    public string ResourceType { get; init; } = "Observation";
    public string? Id { get; init; }
    public string? VersionId { get; init; }

    /// <summary>registered, preliminary, final, amended, corrected, cancelled, entered-in-error, unknown.</summary>
    public required string Status { get; init; }

    public IReadOnlyList<LabCoding> Codes { get; init; } = [];
    public string? CodeText { get; init; }
    public LabQuantity? Quantity { get; init; }

    /// <summary>A valueString, or the text of a valueCodeableConcept.</summary>
    public string? StringValue { get; init; }

    public IReadOnlyList<LabCoding> Interpretations { get; init; } = [];
    public LabReferenceRange? ReferenceRange { get; init; }

    /// <summary>When the specimen was taken (effectiveDateTime, or the start of effectivePeriod).</summary>
    public DateTimeOffset? CollectedAt { get; init; }

    public DateTimeOffset? IssuedAt { get; init; }
    public string? PatientReference { get; init; }
    public string? PatientDisplay { get; init; }
    public LabIdentifier? PatientIdentifier { get; init; }
    public IReadOnlyList<string> Performers { get; init; } = [];
    /// <summary>
    /// The orders this result answers (Observation.basedOn, e.g. "ServiceRequest/req"): an R4 Observation has no
    /// requester of its own; whoever asked for the test is the requester of that order.
    /// </summary>
    public IReadOnlyList<string> Requesters { get; init; } = [];
    public IReadOnlyList<LabComponent> Components { get; init; } = [];

    /// <summary>The name a clinician reads: the code's text, else the first coding's display, else its code.</summary>
    public string Name => NameOf(CodeText, Codes);

    /// <summary>The statuses that carry a result someone should act on.</summary>
    public bool IsReportable => Status is "preliminary" or "final" or "amended" or "corrected";

    public static string NameOf(string? text, IReadOnlyList<LabCoding> codes) =>
        !string.IsNullOrWhiteSpace(text) ? text
        : codes.Select(c => c.Display).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d))
          ?? codes.Select(c => c.Code).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c))
          ?? "Unnamed result";
}
