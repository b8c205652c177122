using Escalation.Domain.LabResults;

namespace Escalation.Infrastructure.Fhir;

/// <summary>Reads a DiagnosticReport's results, contained ("#obs1") or referenced (in the payload, or fetched).</summary>
public static class DiagnosticReportReader
{
    public static LabReport Read(FhirResource report, IFhirResourceResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(resolver);
        if (report.ResourceType != "DiagnosticReport")
        {
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, $"Expected a DiagnosticReport, got {report.ResourceType}.", "resourceType"));
        }

        if (FhirValidator.Check(report.Json, supportedOnly: false) is { } issue)
        {
            throw new FhirInputException(issue);
        }

        var results = new List<LabObservation>();
        var unresolved = new List<string>();
        foreach (var reference in ResultReferences(report))
        {
            var resource = resolver.Resolve(reference, report);
            if (resource is { ResourceType: "Observation" })
            {
                results.Add(ObservationMapper.ToLabObservation(resource, new ContextResolver(resolver, report)));
            }
            else
            {
                unresolved.Add(reference);
            }
        }

        var code = FhirJson.Object(report.Json, "code");
        var codings = code is { } c
            ? FhirJson.Array(c, "coding").Select(x => new LabCoding(FhirJson.String(x, "system"), FhirJson.String(x, "code"), FhirJson.String(x, "display"))).ToList()
            : [];
        return new LabReport(
            report.Id,
            FhirJson.String(report.Json, "status")!,
            LabObservation.NameOf(code is { } t ? FhirJson.String(t, "text") : null, codings),
            FhirJson.Object(report.Json, "subject") is { } s ? FhirJson.String(s, "reference") : null,
            FhirJson.DateTime(FhirJson.String(report.Json, "issued")),
            results,
            unresolved);
    }

    /// <summary>
    /// As <see cref="Read"/>, then fetches each unresolved relative reference from <paramref name="sourceBase"/>
    /// (e.g. "https://lab.example.org/fhir") and absolute ones as they are. What still cannot be found stays unresolved.
    /// </summary>
    public static async Task<LabReport> ReadAsync(FhirResource report, IFhirResourceResolver resolver, Uri sourceBase, FhirSourceFetch fetch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sourceBase);
        ArgumentNullException.ThrowIfNull(fetch);
        var read = Read(report, resolver);
        if (read.UnresolvedReferences.Count == 0)
        {
            return read;
        }

        var results = read.Results.ToList();
        var unresolved = new List<string>();
        foreach (var reference in read.UnresolvedReferences)
        {
            var url = reference.Contains("://", StringComparison.Ordinal) || reference.StartsWith('#')
                ? reference
                : $"{sourceBase.ToString().TrimEnd('/')}/{reference}";
            var fetched = reference.StartsWith('#') ? null : await fetch(url, cancellationToken).ConfigureAwait(false);
            if (fetched is { ResourceType: "Observation" })
            {
                results.Add(ObservationMapper.ToLabObservation(fetched, resolver));
            }
            else
            {
                unresolved.Add(reference);
            }
        }

        return read with { Results = results, UnresolvedReferences = unresolved };
    }

    private static IEnumerable<string> ResultReferences(FhirResource report) =>
        FhirJson.Array(report.Json, "result").Select(r => FhirJson.String(r, "reference")).OfType<string>();

    /// <summary>A contained Observation's "#patient" points into the report's contained list, not its own.</summary>
    private sealed class ContextResolver(IFhirResourceResolver inner, FhirResource container) : IFhirResourceResolver
    {
        public FhirResource? Resolve(string reference, FhirResource? context = null) =>
            inner.Resolve(reference, context) ?? (reference.StartsWith('#') ? inner.Resolve(reference, container) : null);
    }
}
