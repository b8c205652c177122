using System.Text.Json.Nodes;

namespace Escalation.Infrastructure.Fhir;

/// <summary>An R4 <c>searchset</c> Bundle of stored resources, each a match, with its absolute URL.</summary>
public static class SearchBundleJson
{
    public static string Build(Uri self, IReadOnlyList<(Uri FullUrl, string ResourceJson)> matches)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(matches);
        var entries = matches.Select(m => (JsonNode)new JsonObject
        {
            ["fullUrl"] = m.FullUrl.AbsoluteUri,
            ["resource"] = JsonNode.Parse(m.ResourceJson),
            ["search"] = new JsonObject { ["mode"] = "match" },
        }).ToArray();
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "searchset",
            ["total"] = matches.Count,
            ["link"] = new JsonArray(new JsonObject { ["relation"] = "self", ["url"] = self.AbsoluteUri }),
            ["entry"] = new JsonArray(entries),
        };
        return bundle.ToJsonString();
    }
}
