namespace Escalation.Infrastructure.Fhir;

/// <summary>
/// Finds the resource a reference points at. <paramref name="context"/> is the resource holding the reference, for
/// contained references ("#obs1"). Returns null when the reference cannot be resolved from what this resolver holds.
/// </summary>
public interface IFhirResourceResolver
{
    FhirResource? Resolve(string reference, FhirResource? context = null);
}

/// <summary>
/// Fetches a resource the payload only refers to from the sending system's FHIR base (a GET on the absolute URL).
/// Implemented where the HTTP client and credentials of each source live; null when the source has no such resource.
/// </summary>
public delegate Task<FhirResource?> FhirSourceFetch(string absoluteUrl, CancellationToken cancellationToken);
