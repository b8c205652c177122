using System.Globalization;
using System.Text.Json;

namespace Escalation.Infrastructure.Fhir;

/// <summary>Small, forgiving readers for FHIR JSON: a missing or mistyped optional element reads as absent.</summary>
internal static class FhirJson
{
    public static string? String(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static JsonElement? Object(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    /// <summary>An array element; a single object where an array belongs (older FHIR versions) reads as a one-item array.</summary>
    public static IEnumerable<JsonElement> Array(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var v))
        {
            return [];
        }

        return v.ValueKind switch
        {
            JsonValueKind.Array => v.EnumerateArray().ToList(),
            JsonValueKind.Object => [v],
            _ => [],
        };
    }

    public static decimal? Decimal(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) ? d : null;

    /// <summary>
    /// A FHIR dateTime or instant. A date without a time ("2012-09-17", "2012-09", "2012") has no zone in FHIR; it reads
    /// as the start of that day in UTC so that it can still be shown and sorted.
    /// </summary>
    public static DateTimeOffset? DateTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (text.Contains('T', StringComparison.Ordinal))
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) ? instant : null;
        }

        string[] dateOnly = ["yyyy-MM-dd", "yyyy-MM", "yyyy"];
        return DateTimeOffset.TryParseExact(text, dateOnly, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
    }
}
