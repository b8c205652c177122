using System.Text.Json;
using Escalation.Domain.Common;

namespace Escalation.Infrastructure.Fhir;

/// <summary>
/// <see cref="TextRules"/> over every string of a FHIR resource, contained and bundled ones too. FHIR R4 itself says
/// strings hold no character below U+0020 but tab, CR and LF (datatypes, "string"); codes, systems and ids hold none of
/// those either, and have a length a code can have. A NUL in a LOINC code would otherwise match no limit, be stored, and
/// reach screens and write-backs.
/// </summary>
public static class FhirTextRules
{
    private const int MaxCodeLength = 256;
    private const int MaxSystemLength = 1024;

    /// <summary>The first refused string as an issue whose expression is its FHIRPath ("Observation.code.coding[0].code"), or null.</summary>
    public static OperationOutcomeIssue? Check(JsonElement resource)
    {
        var root = resource.ValueKind == JsonValueKind.Object && resource.TryGetProperty("resourceType", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString()!
            : "Resource";
        return Walk(resource, root, name: null);
    }

    private static OperationOutcomeIssue? Walk(JsonElement element, string path, string? name)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (TextRules.FirstRefused(property.Name, multiline: false) >= 0 || property.Name.Length > MaxCodeLength)
                    {
                        return Refused(path, "An element name holds a control character or is too long.");
                    }

                    if (Walk(property.Value, $"{path}.{property.Name}", property.Name) is { } issue)
                    {
                        return issue;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Walk(item, $"{path}[{index++}]", name) is { } issue)
                    {
                        return issue;
                    }
                }

                return null;
            case JsonValueKind.String:
                var value = element.GetString()!;
                var (max, multiline) = name switch
                {
                    "code" => (MaxCodeLength, false),
                    "system" or "url" => (MaxSystemLength, false),
                    "id" or "resourceType" or "status" or "reference" => (MaxSystemLength, false),
                    _ => (int.MaxValue, true),
                };
                return TextRules.Problem(value, max, multiline) is { } problem ? Refused(path, $"{path} {problem}") : null;
            default:
                return null;
        }
    }

    private static OperationOutcomeIssue Refused(string path, string diagnostics) =>
        OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, diagnostics, path);
}
