using Escalation.Domain.LabResults;
using Escalation.Infrastructure.Fhir.Routing;

namespace Escalation.Infrastructure.Hl7v2;

/// <summary>
/// One OBX read as the neutral result the FHIR path judges too, with what it needs around it: the stable name of the
/// result across corrections (<see cref="Reference"/>: the order's filler number, the OBX code and sub-id), the
/// ordering providers to route by (OBR-16, then ORC-12) and its NTE comments.
/// </summary>
public sealed record Hl7LabResult(LabObservation Observation, string Reference, int Sequence, IReadOnlyList<FhirRoutingCandidate> OrderedBy, IReadOnlyList<string> Comments);
