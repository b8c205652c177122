using Escalation.Domain.LabResults;
using Escalation.Infrastructure.Fhir.Sources;
using Hl7.Fhir.Model;

namespace Escalation.Infrastructure.Fhir.Payloads;

/// <summary>Reads a DiagnosticReport's results, contained ("#obs1") or referenced (in the payload, or fetched).</summary>
public static class DiagnosticReportReader
{
    public static LabReport Read(Resource resource, IFhirResourceResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(resolver);
        if (resource is not DiagnosticReport report)
        {
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.Invalid, $"Expected a DiagnosticReport, got {resource.TypeName}.", "resourceType"));
        }

        var status = report.StatusElement?.JsonValue as string;
        if (string.IsNullOrEmpty(status) || report.Code is null)
        {
            var element = string.IsNullOrEmpty(status) ? "status" : "code";
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.Required, $"DiagnosticReport.{element} is required.", $"DiagnosticReport.{element}"));
        }

        var results = new List<LabObservation>();
        var unresolved = new List<string>();
        foreach (var reference in ResultReferences(report))
        {
            var result = resolver.Resolve(reference, report);
            if (result is Observation)
            {
                results.Add(ObservationMapper.ToLabObservation(result, new ContextResolver(resolver, report)));
            }
            else
            {
                unresolved.Add(reference);
            }
        }

        return new LabReport(
            report.Id,
            status,
            LabObservation.NameOf(report.Code.Text, ObservationMapper.Codings(report.Code)),
            report.Subject?.Reference,
            report.Issued,
            results,
            unresolved);
    }

    /// <summary>
    /// As <see cref="Read"/>, then fetches each unresolved relative reference from <paramref name="sourceBase"/>
    /// (e.g. "https://lab.example.org/fhir") and absolute ones as they are. What still cannot be found stays unresolved.
    /// </summary>
    public static async Task<LabReport> ReadAsync(Resource report, IFhirResourceResolver resolver, Uri sourceBase, FhirSourceFetch fetch, CancellationToken cancellationToken)
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
            if (fetched is Observation)
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

    /// <summary>The literal references of a report's results.</summary>
    public static IEnumerable<string> ResultReferences(DiagnosticReport report) =>
        report.Result.Select(r => r.Reference).OfType<string>();

    /// <summary>A contained Observation's "#patient" points into the report's contained list, not its own.</summary>
    private sealed class ContextResolver(IFhirResourceResolver inner, Resource container) : IFhirResourceResolver
    {
        public Resource? Resolve(string reference, Resource? context = null) =>
            inner.Resolve(reference, context) ?? (reference.StartsWith('#') ? inner.Resolve(reference, container) : null);
    }
}
