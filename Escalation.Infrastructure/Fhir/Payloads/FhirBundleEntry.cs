using Hl7.Fhir.Model;

namespace Escalation.Infrastructure.Fhir.Payloads;

/// <summary>One Bundle entry: its position (0-based, as in "Bundle.entry[2]"), fullUrl, resource and request/response.</summary>
public sealed record FhirBundleEntry(int Index, string? FullUrl, Resource? Resource, string? RequestMethod, string? RequestUrl, string? ResponseStatus);
