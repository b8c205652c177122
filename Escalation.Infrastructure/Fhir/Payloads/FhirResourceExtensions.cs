using Hl7.Fhir.Model;

namespace Escalation.Infrastructure.Fhir.Payloads;

/// <summary>What we say of any Firely resource: "Observation/123", or just its type when it has no id.</summary>
public static class FhirResourceExtensions
{
    extension(Resource resource)
    {
        public string Reference => resource.Id is null ? resource.TypeName : $"{resource.TypeName}/{resource.Id}";
    }
}
