using System.Text.Json;

namespace Escalation.Infrastructure.Fhir;

/// <summary>
/// The structural checks we rely on before mapping: a resourceType we know and the elements FHIR R4 makes required
/// (1..1) for the resources we read. It is not a profile validator: it only refuses what we could not map safely.
/// </summary>
public static class FhirValidator
{
    /// <summary>Resource types we read or write; anything else is refused as not-supported at the top level.</summary>
    public static IReadOnlySet<string> SupportedTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Observation", "DiagnosticReport", "Bundle", "Parameters", "Patient", "OperationOutcome", "CapabilityStatement", "Communication",
    };

    private static readonly Dictionary<string, (string Name, JsonValueKind Kind)[]> RequiredElements = new(StringComparer.Ordinal)
    {
        ["Observation"] = [("status", JsonValueKind.String), ("code", JsonValueKind.Object)],
        ["DiagnosticReport"] = [("status", JsonValueKind.String), ("code", JsonValueKind.Object)],
        ["Bundle"] = [("type", JsonValueKind.String)],
        ["Communication"] = [("status", JsonValueKind.String)],
        ["OperationOutcome"] = [("issue", JsonValueKind.Array)],
        ["CapabilityStatement"] = [("status", JsonValueKind.String), ("kind", JsonValueKind.String), ("fhirVersion", JsonValueKind.String)],
    };

    /// <summary>
    /// The first problem with a resource, or null. <paramref name="path"/> prefixes the expression ("Bundle.entry[2].resource");
    /// when <paramref name="supportedOnly"/> is false any resourceType is accepted (a Patient or Encounter inside a Bundle)
    /// and only the types we know are checked for their required elements.
    /// </summary>
    public static OperationOutcomeIssue? Check(JsonElement resource, string? path = null, bool supportedOnly = true)
    {
        if (resource.ValueKind != JsonValueKind.Object)
        {
            return OperationOutcomeIssue.Error(OperationOutcomeIssue.Structure, $"A FHIR resource must be a JSON object, not {Kind(resource.ValueKind)}.", path);
        }

        if (!resource.TryGetProperty("resourceType", out var typeElement))
        {
            return OperationOutcomeIssue.Error(OperationOutcomeIssue.Required, "The resource has no resourceType.", Join(path, "resourceType"));
        }

        if (typeElement.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(typeElement.GetString()))
        {
            return OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, "resourceType must be a non-empty string naming a FHIR resource.", Join(path, "resourceType"));
        }

        var type = typeElement.GetString()!;
        if (supportedOnly && !SupportedTypes.Contains(type))
        {
            return OperationOutcomeIssue.Error(OperationOutcomeIssue.NotSupported, $"Resource type {type} is not accepted here (accepted: {string.Join(", ", SupportedTypes.Order(StringComparer.Ordinal))}).", Join(path, "resourceType"));
        }

        var prefix = path ?? type;
        if (RequiredElements.TryGetValue(type, out var required))
        {
            foreach (var (name, kind) in required)
            {
                if (!resource.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
                {
                    return OperationOutcomeIssue.Error(OperationOutcomeIssue.Required, $"{type}.{name} is required.", $"{prefix}.{name}");
                }

                if (element.ValueKind != kind)
                {
                    return OperationOutcomeIssue.Error(OperationOutcomeIssue.Structure, $"{type}.{name} must be {Kind(kind)}, not {Kind(element.ValueKind)}.", $"{prefix}.{name}");
                }
            }
        }

        if (FhirCodes.Check(resource, type, prefix) is { } badCode)
        {
            return badCode;
        }

        // FhirJson reads a mistyped array as empty (or a lone object as one item): a Bundle whose entry is "x" would
        // otherwise pass as a bundle with nothing in it and be answered "No lab result in the payload".
        if (type == "Bundle" && resource.TryGetProperty("entry", out var entries) && entries.ValueKind != JsonValueKind.Array)
        {
            return OperationOutcomeIssue.Error(OperationOutcomeIssue.Structure, $"Bundle.entry must be an array of entries, not {Kind(entries.ValueKind)}.", $"{prefix}.entry");
        }

        var index = 0;
        foreach (var contained in FhirJson.Array(resource, "contained"))
        {
            if (Check(contained, $"{prefix}.contained[{index}]", supportedOnly: false) is { } issue)
            {
                return issue;
            }

            index++;
        }

        return null;
    }

    private static string Join(string? path, string name) => path is null ? name : $"{path}.{name}";

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
