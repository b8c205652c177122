using Escalation.Domain.LabResults;
using Escalation.Infrastructure.Fhir.Payloads;
using Escalation.Infrastructure.Fhir.Subscriptions;
using Resource = Hl7.Fhir.Model.Resource;

namespace Escalation.Tests.Fhir;

/// <summary>
/// The corpus files (Corpus/SOURCES.md says where each comes from) and one line describing what our pipeline makes
/// of a file, so a data-driven test can state the expected outcome per file in the same words as SOURCES.md.
/// </summary>
public static class FhirCorpus
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fhir", "Corpus", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static Resource Parse(string name) => FhirPayloadReader.Read(Bytes(name));

    public static LabObservation Observation(string name)
    {
        var resource = Parse(name);
        return ObservationMapper.ToLabObservation(resource, new PayloadResourceResolver(resource));
    }

    public static string Describe(string name)
    {
        Resource resource;
        try
        {
            resource = Parse(name);
        }
        catch (FhirInputException e)
        {
            return $"error {e.Issue.Code}" + (e.Issue.Expression is null ? "" : $" {e.Issue.Expression}");
        }

        return resource.TypeName switch
        {
            "Observation" => DescribeObservation(ObservationMapper.ToLabObservation(resource, new PayloadResourceResolver(resource))),
            "DiagnosticReport" => DescribeReport(resource, new PayloadResourceResolver(resource)),
            "Bundle" => DescribeBundle(resource),
            _ => $"resource {resource.TypeName}",
        };
    }

    private static string DescribeObservation(LabObservation observation)
    {
        var detection = CriticalResultDetector.Evaluate(observation, CriticalLimits.Defaults, LabDetectionPolicy.Default);
        return $"observation {detection.Outcome} {detection.Flag}";
    }

    private static string DescribeReport(Resource report, IFhirResourceResolver resolver)
    {
        var read = DiagnosticReportReader.Read(report, resolver);
        var worst = read.Results.Count == 0
            ? DetectionOutcome.None
            : read.Results.Max(r => CriticalResultDetector.Evaluate(r, CriticalLimits.Defaults, LabDetectionPolicy.Default).Outcome);
        return $"report {read.Id} results={read.Results.Count} unresolved={read.UnresolvedReferences.Count} worst={worst}";
    }

    private static string DescribeBundle(Resource resource)
    {
        var bundle = FhirBundleReader.Read(resource);
        if (bundle.Type == "history" && bundle.Entries.FirstOrDefault()?.Resource?.TypeName == "Parameters")
        {
            var n = SubscriptionNotificationReader.Read(resource);
            return $"notification {n.Type} {n.Content} events={n.Events.Count} status={n.Status}";
        }

        var validation = FhirBundleReader.Validate(resource);
        var text = $"bundle {bundle.Type} entries={bundle.Entries.Count} " +
            (validation.IsValid ? "valid" : $"invalid first={validation.FirstBadEntry} ({validation.FirstIssue!.Code} {validation.FirstIssue.Expression})");
        var resolver = new PayloadResourceResolver(resource);
        foreach (var report in bundle.Entries.Select(e => e.Resource).Where(r => r?.TypeName == "DiagnosticReport"))
        {
            text += " | " + DescribeReport(report!, resolver);
        }

        return text;
    }
}
