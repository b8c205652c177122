using System.Globalization;
using System.Text.Json.Nodes;

namespace Escalation.Infrastructure.Fhir;

/// <summary>
/// What GET [base]/metadata answers: an R4 server that accepts Observation and DiagnosticReport creates, Bundles
/// through the system-level transaction and batch interactions, and lets callers read Communications and search them by about.
/// </summary>
public static class CapabilityStatementJson
{
    public const string FhirVersion = "4.0.1";

    public static string Build(DateTimeOffset date, string softwareName, string? softwareVersion = null, Uri? baseUrl = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(softwareName);
        var software = new JsonObject { ["name"] = softwareName };
        if (softwareVersion is not null)
        {
            software["version"] = softwareVersion;
        }

        var statement = new JsonObject
        {
            ["resourceType"] = "CapabilityStatement",
            ["status"] = "active",
            ["date"] = date.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["kind"] = "instance",
            ["software"] = software,
            ["fhirVersion"] = FhirVersion,
            ["format"] = new JsonArray("json"),
            ["rest"] = new JsonArray(new JsonObject
            {
                ["mode"] = "server",
                ["resource"] = new JsonArray(
                    Resource("Observation", ["create"]),
                    Resource("DiagnosticReport", ["create"]),
                    Resource("Communication", ["read", "search-type"], new JsonObject
                    {
                        ["name"] = "about",
                        ["definition"] = "http://hl7.org/fhir/SearchParameter/Communication-about",
                        ["type"] = "reference",
                    })),
                ["interaction"] = new JsonArray(new JsonObject { ["code"] = "transaction" }, new JsonObject { ["code"] = "batch" }),
            }),
        };
        if (baseUrl is not null)
        {
            statement["implementation"] = new JsonObject { ["description"] = softwareName, ["url"] = baseUrl.ToString() };
        }

        return statement.ToJsonString();
    }

    private static JsonObject Resource(string type, string[] interactions, JsonObject? searchParam = null)
    {
        var resource = new JsonObject
        {
            ["type"] = type,
            ["interaction"] = new JsonArray(interactions.Select(i => (JsonNode)new JsonObject { ["code"] = i }).ToArray()),
        };
        if (searchParam is not null)
        {
            resource["searchParam"] = new JsonArray(searchParam);
        }

        return resource;
    }
}
