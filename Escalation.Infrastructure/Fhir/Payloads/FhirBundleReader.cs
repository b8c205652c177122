using Hl7.Fhir.Model;

namespace Escalation.Infrastructure.Fhir.Payloads;

/// <summary>Reads Firely Bundles and checks the entries of a batch or transaction before any of them is acted on.</summary>
public static class FhirBundleReader
{
    public static IReadOnlySet<string> SupportedTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "batch", "transaction", "collection", "document", "history",
    };

    public static FhirBundle Read(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource is not Bundle bundle)
        {
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, $"Expected a Bundle, got {resource.TypeName}.", "resourceType"));
        }

        var type = TypeOf(bundle);
        if (type is null)
        {
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.Required, "Bundle.type is required.", "Bundle.type"));
        }

        if (!SupportedTypes.Contains(type))
        {
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.NotSupported, $"Bundle type {type} is not accepted (accepted: batch, transaction, collection, document, history).", "Bundle.type"));
        }

        var entries = bundle.Entry.Select((entry, index) => new FhirBundleEntry(
            index,
            entry?.FullUrl,
            entry?.Resource,
            entry?.Request?.MethodElement?.JsonValue as string,
            entry?.Request?.Url,
            entry?.Response?.Status)).ToList();
        return new FhirBundle(bundle.Id, type, bundle.Timestamp, entries);
    }

    /// <summary>The Bundle's type as sent ("transaction"), or null.</summary>
    public static string? TypeOf(Bundle bundle) => bundle.TypeElement?.JsonValue as string;

    /// <summary>
    /// Checks every entry and reports all problems in entry order: what the reader found wrong inside it (an invalid
    /// status, a missing required element, an unknown resource type, not an object), then, for a transaction or batch,
    /// a request with a known method and a url, and a resource for a POST or PUT. Any valid R4 resource may be an entry:
    /// one we do not act on (a Patient, an Encounter, a Provenance) is carried along, never a reason to refuse the
    /// results beside it. A transaction is all-or-nothing: act only when <see cref="BundleValidation.IsValid"/>.
    /// </summary>
    public static BundleValidation Validate(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource is not Bundle bundle)
        {
            return new BundleValidation([]);
        }

        var needsRequest = TypeOf(bundle) is "transaction" or "batch";
        var found = FhirPayloadReader.EntryIssues(bundle);
        var issues = new List<(int, OperationOutcomeIssue)>();
        for (var index = 0; index < bundle.Entry.Count; index++)
        {
            var issue = found.Where(f => f.Index == index).Select(f => f.Issue).FirstOrDefault() ?? CheckEntry(bundle.Entry[index], index, needsRequest);
            if (issue is not null)
            {
                issues.Add((index, issue));
            }
        }

        return new BundleValidation(issues);
    }

    private static OperationOutcomeIssue? CheckEntry(Bundle.EntryComponent? entry, int index, bool needsRequest)
    {
        var path = $"Bundle.entry[{index}]";
        if (entry is null)
        {
            return OperationOutcomeIssue.Error(OperationOutcomeIssue.Structure, $"Entry {index} is not a JSON object.", path);
        }

        string? method = null;
        if (needsRequest)
        {
            if (entry.Request is not { } request)
            {
                return OperationOutcomeIssue.Error(OperationOutcomeIssue.Required, $"Entry {index} has no request: every entry of a transaction or batch needs one.", $"{path}.request");
            }

            method = request.MethodElement?.JsonValue as string;
            if (method is null)
            {
                return OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, $"Entry {index} has request method (none); expected GET, HEAD, POST, PUT, DELETE or PATCH.", $"{path}.request.method");
            }

            if (string.IsNullOrWhiteSpace(request.Url))
            {
                return OperationOutcomeIssue.Error(OperationOutcomeIssue.Required, $"Entry {index} has no request url.", $"{path}.request.url");
            }
        }

        return entry.Resource is null && method is "POST" or "PUT"
            ? OperationOutcomeIssue.Error(OperationOutcomeIssue.Required, $"Entry {index} is a {method} without a resource.", $"{path}.resource")
            : null;
    }
}
