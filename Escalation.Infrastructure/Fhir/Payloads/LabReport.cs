using Escalation.Domain.LabResults;

namespace Escalation.Infrastructure.Fhir.Payloads;

/// <summary>
/// A DiagnosticReport read for its results: the report's own status and code, the results that could be resolved
/// (mapped), and the references that could not (to fetch from the source, or to report back as missing).
/// </summary>
public sealed record LabReport(
    string? Id,
    string Status,
    string Name,
    string? PatientReference,
    DateTimeOffset? IssuedAt,
    IReadOnlyList<LabObservation> Results,
    IReadOnlyList<string> UnresolvedReferences);
