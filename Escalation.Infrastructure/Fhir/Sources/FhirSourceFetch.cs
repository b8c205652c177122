using Hl7.Fhir.Model;

namespace Escalation.Infrastructure.Fhir.Sources;

/// <summary>
/// Fetches a resource the payload only refers to from the sending system's FHIR base (a GET on the absolute URL).
/// Implemented where the HTTP client and credentials of each source live; null when the source has no such resource.
/// </summary>
public delegate System.Threading.Tasks.Task<Resource?> FhirSourceFetch(string absoluteUrl, CancellationToken cancellationToken);
