using System.Text.Json;

namespace Escalation.Infrastructure.Fhir;

/// <summary>Reads Bundles and checks the entries of a batch or transaction before any of them is acted on.</summary>
public static class FhirBundleReader
{
    public static IReadOnlySet<string> SupportedTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "batch", "transaction", "collection", "document", "history",
    };

    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal) { "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH" };

    public static FhirBundle Read(FhirResource bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.ResourceType != "Bundle")
        {
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, $"Expected a Bundle, got {bundle.ResourceType}.", "resourceType"));
        }

        var type = FhirJson.String(bundle.Json, "type");
        if (type is null)
        {
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.Required, "Bundle.type is required.", "Bundle.type"));
        }

        if (!SupportedTypes.Contains(type))
        {
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.NotSupported, $"Bundle type {type} is not accepted (accepted: batch, transaction, collection, document, history).", "Bundle.type"));
        }

        var entries = FhirJson.Array(bundle.Json, "entry").Select((entry, index) =>
        {
            var resource = FhirJson.Object(entry, "resource") is { } r && FhirJson.String(r, "resourceType") is not null ? new FhirResource(r) : null;
            var request = FhirJson.Object(entry, "request");
            var response = FhirJson.Object(entry, "response");
            return new FhirBundleEntry(
                index,
                FhirJson.String(entry, "fullUrl"),
                resource,
                request is { } q ? FhirJson.String(q, "method") : null,
                request is { } u ? FhirJson.String(u, "url") : null,
                response is { } s ? FhirJson.String(s, "status") : null);
        }).ToList();

        return new FhirBundle(bundle.Id, type, FhirJson.DateTime(FhirJson.String(bundle.Json, "timestamp")), entries);
    }

    /// <summary>
    /// Checks every entry and reports all problems in entry order. For a transaction or batch each entry needs a
    /// request with a known method and a url, and a POST or PUT needs a resource; every resource present must be a
    /// type we accept with its required elements. A transaction is all-or-nothing: act only when <see cref="BundleValidation.IsValid"/>.
    /// </summary>
    public static BundleValidation Validate(FhirResource bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var type = FhirJson.String(bundle.Json, "type");
        var needsRequest = type is "transaction" or "batch";
        var issues = new List<(int, OperationOutcomeIssue)>();
        var index = 0;
        foreach (var entry in EntriesOf(bundle.Json))
        {
            if (CheckEntry(entry, index, needsRequest) is { } issue)
            {
                issues.Add((index, issue));
            }

            index++;
        }

        return new BundleValidation(issues);
    }

    private static IEnumerable<JsonElement> EntriesOf(JsonElement bundle) =>
        bundle.TryGetProperty("entry", out var entries) && entries.ValueKind == JsonValueKind.Array ? entries.EnumerateArray().ToList() : [];

    private static OperationOutcomeIssue? CheckEntry(JsonElement entry, int index, bool needsRequest)
    {
        var path = $"Bundle.entry[{index}]";
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return OperationOutcomeIssue.Error(OperationOutcomeIssue.Structure, $"Entry {index} is not a JSON object.", path);
        }

        string? method = null;
        if (needsRequest)
        {
            if (FhirJson.Object(entry, "request") is not { } request)
            {
                return OperationOutcomeIssue.Error(OperationOutcomeIssue.Required, $"Entry {index} has no request: every entry of a transaction or batch needs one.", $"{path}.request");
            }

            method = FhirJson.String(request, "method");
            if (method is null || !Methods.Contains(method))
            {
                return OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, $"Entry {index} has request method {method ?? "(none)"}; expected GET, HEAD, POST, PUT, DELETE or PATCH.", $"{path}.request.method");
            }

            if (string.IsNullOrWhiteSpace(FhirJson.String(request, "url")))
            {
                return OperationOutcomeIssue.Error(OperationOutcomeIssue.Required, $"Entry {index} has no request url.", $"{path}.request.url");
            }
        }

        if (!entry.TryGetProperty("resource", out var resource))
        {
            return method is "POST" or "PUT"
                ? OperationOutcomeIssue.Error(OperationOutcomeIssue.Required, $"Entry {index} is a {method} without a resource.", $"{path}.resource")
                : null;
        }

        return FhirValidator.Check(resource, $"{path}.resource", supportedOnly: needsRequest);
    }
}
