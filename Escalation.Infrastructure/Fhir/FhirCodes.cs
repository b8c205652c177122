using System.Text.Json;

namespace Escalation.Infrastructure.Fhir;

/// <summary>
/// The required code elements whose values we act on, with their FHIR R4 value sets (required binding). A status we do
/// not know cannot be judged reportable or withdrawn: before these checks a critical potassium with status "bogus" was
/// recorded as not reportable and answered 200 with no message and no error (issue 13, probe item 6). Codes are
/// case-sensitive in FHIR, so "FINAL" is refused too.
/// </summary>
public static class FhirCodes
{
    private static readonly Dictionary<string, (string Element, IReadOnlySet<string> Codes)[]> Bound = new(StringComparer.Ordinal)
    {
        // http://hl7.org/fhir/R4/valueset-observation-status.html
        ["Observation"] = [("status", Set("registered", "preliminary", "final", "amended", "corrected", "cancelled", "entered-in-error", "unknown"))],
        // http://hl7.org/fhir/R4/valueset-diagnostic-report-status.html
        ["DiagnosticReport"] = [("status", Set("registered", "partial", "preliminary", "final", "amended", "corrected", "appended", "cancelled", "entered-in-error", "unknown"))],
    };

    /// <summary>The first bound element of <paramref name="type"/> whose value is outside its value set, or null.</summary>
    public static OperationOutcomeIssue? Check(JsonElement resource, string type, string prefix)
    {
        if (!Bound.TryGetValue(type, out var elements))
        {
            return null;
        }

        foreach (var (element, codes) in elements)
        {
            if (resource.TryGetProperty(element, out var value) && value.ValueKind == JsonValueKind.String && !codes.Contains(value.GetString()!))
            {
                return OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid,
                    $"{type}.{element} '{value.GetString()}' is not a FHIR R4 {type.ToLowerInvariant()} {element} ({string.Join(", ", codes)}).", $"{prefix}.{element}");
            }
        }

        return null;
    }

    private static HashSet<string> Set(params string[] codes) => new(codes, StringComparer.Ordinal);
}
