using System.Text.Json;

namespace Escalation.Infrastructure.Fhir;

/// <summary>A parsed FHIR resource: its type and id up front, the JSON (detached from any document) for the rest.</summary>
public sealed class FhirResource
{
    public FhirResource(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("A FHIR resource is a JSON object.", nameof(json));
        }

        Json = json.Clone();
        ResourceType = FhirJson.String(Json, "resourceType") ?? "";
        Id = FhirJson.String(Json, "id");
        VersionId = FhirJson.Object(Json, "meta") is { } meta ? FhirJson.String(meta, "versionId") : null;
    }

    public string ResourceType { get; }
    public string? Id { get; }
    public string? VersionId { get; }
    public JsonElement Json { get; }

    /// <summary>"Observation/123", or just the type when the resource has no id.</summary>
    public string Reference => Id is null ? ResourceType : $"{ResourceType}/{Id}";

    /// <summary>The resources in <c>contained</c>.</summary>
    public IReadOnlyList<FhirResource> Contained =>
        FhirJson.Array(Json, "contained").Where(e => e.ValueKind == JsonValueKind.Object).Select(e => new FhirResource(e)).ToList();

    public override string ToString() => Reference;
}
