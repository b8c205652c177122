using System.Text.Json.Nodes;

namespace Escalation.Infrastructure.Fhir;

/// <summary>The OperationOutcome body of an error answer (or of a batch entry's response).</summary>
public static class OperationOutcomeJson
{
    public static string Build(IEnumerable<OperationOutcomeIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var array = new JsonArray();
        foreach (var issue in issues)
        {
            var node = new JsonObject
            {
                ["severity"] = issue.Severity,
                ["code"] = issue.Code,
                ["diagnostics"] = issue.Diagnostics,
            };
            if (issue.Expression is not null)
            {
                node["expression"] = new JsonArray(issue.Expression);
            }

            array.Add(node);
        }

        return new JsonObject { ["resourceType"] = "OperationOutcome", ["issue"] = array }.ToJsonString();
    }
}
