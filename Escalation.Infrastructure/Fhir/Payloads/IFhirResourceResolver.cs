using Hl7.Fhir.Model;

namespace Escalation.Infrastructure.Fhir.Payloads;

/// <summary>
/// Finds the resource a reference points at. <paramref name="context"/> is the resource holding the reference, for
/// contained references ("#obs1"). Returns null when the reference cannot be resolved from what this resolver holds.
/// </summary>
public interface IFhirResourceResolver
{
    Resource? Resolve(string reference, Resource? context = null);
}
