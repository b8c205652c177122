using Escalation.Domain.LabResults;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Fhir.Lifecycle;
using Escalation.Infrastructure.Fhir.Payloads;
using Escalation.Infrastructure.Fhir.Routing;
using Escalation.Infrastructure.Fhir.Sources;
using Escalation.Infrastructure.LabResults;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Escalation.Infrastructure.Fhir;

public sealed class FhirIntakeOptions
{
    public const string Section = "Fhir";

    /// <summary>The unit a result goes to when nothing in it names one.</summary>
    public string DefaultUnitCode { get; set; } = "ED";

    /// <summary>The EHRs and labs that send results, by the source name of their integration key.</summary>
    public List<FhirSourceOptions> Sources { get; set; } = [];

    public FhirSourceOptions? Source(string? sourceName) =>
        sourceName is null ? null : Sources.FirstOrDefault(s => string.Equals(s.Name, sourceName, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// One EHR or lab system, bound from <c>Fhir:Sources</c>. <see cref="Name"/> is the source name of its integration
/// key (the <c>source</c> claim of the caller).
/// </summary>
public sealed class FhirSourceOptions
{
    public string Name { get; set; } = "";

    /// <summary>The source's own FHIR base: referenced and id-only resources are fetched from it, Communications are POSTed to it.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer</c> to <see cref="BaseUrl"/>. A secret: never logged.</summary>
    public string? BearerToken { get; set; }

    /// <summary>The unit this source's results go to when nothing in a result routes it; otherwise <c>Fhir:DefaultUnitCode</c>.</summary>
    public string? DefaultUnitCode { get; set; }
}

/// <summary>
/// What one result became: a new or existing message, or nothing (normal, not reportable). <see cref="Route"/> says
/// why a new message went where it did (a routing rule, or a default).
/// </summary>
public sealed record LabIntakeOutcome(string Resource, DetectionOutcome Outcome, string Reason, Guid? MessageId, bool Created, string? Route = null);

/// <summary>
/// Turns lab results received over FHIR into messages: each Observation (alone, inside a DiagnosticReport, or in a
/// Bundle) is judged against the lab's flags and the critical limits; a critical one becomes a Critical message
/// with the pre-formatted text, an abnormal one an Urgent message where the site enables it, a normal one nothing.
/// The resource id and version are the message's external id: the same result twice is one message. Every version
/// is recorded, and amendments and withdrawals are handled by <see cref="LabResultLifecycle"/>.
/// </summary>
public sealed class LabResultIntake(EscalationEngine engine, FhirSourceResolver sources, FhirRouter router, LabResultLifecycle lifecycle, LabRules rules)
{
    public Task<IReadOnlyList<LabIntakeOutcome>> AcceptAsync(Resource resource, string actor, CancellationToken cancellationToken = default) =>
        AcceptAsync(resource, actor, null, cancellationToken);

    /// <param name="sourceName">the sender's source name (its integration key's): where missing results are fetched from, how results are routed</param>
    public async Task<IReadOnlyList<LabIntakeOutcome>> AcceptAsync(Resource resource, string actor, string? sourceName, CancellationToken cancellationToken = default)
    {
        var results = new List<(LabObservation Observation, Resource Source)>();
        var resolver = await sources.ResolverForAsync(resource, sourceName, cancellationToken);
        Collect(resource, resolver, results);
        var routing = await router.ForSourceAsync(sourceName, cancellationToken);
        var outcomes = new List<LabIntakeOutcome>();
        // One reading of the site's table for the whole payload: every result in it is judged by the same rules.
        var ruleSet = await rules.CurrentAsync(cancellationToken);
        RefuseCriticalWithoutAReportableStatus(results, ruleSet);
        foreach (var (observation, source) in results)
        {
            var reference = observation.Id is null ? source.Reference : $"{observation.ResourceType}/{observation.Id}";
            var detection = CriticalResultDetector.Evaluate(observation, ruleSet.Limits, ruleSet.Policy);
            var route = routing.Route(observation, source, resolver);
            var outcome = await lifecycle.HandleAsync(observation, reference, detection, ruleSet.Limits, actor, Send, cancellationToken);
            outcomes.Add(outcome.Created ? outcome with { Route = route.Reason } : outcome);

            // Called by the lifecycle only when this version is due a message (an amendment says what it amends).
            Task<SendResult> Send(LabAmendment? amends, CancellationToken ct) =>
                engine.SendAsync(MessageFor(observation, detection, amends, route, observation.Id is null ? null : $"{reference}/_history/{observation.VersionId ?? "1"}"), actor, ct);
        }

        return outcomes;
    }

    /// <summary>
    /// The message one judged result becomes, whatever it arrived over (FHIR here, HL7 v2 in Hl7v2/): the tier from the
    /// detection, the pre-formatted text, the patient, and the route's unit and role.
    /// </summary>
    public static SendMessage MessageFor(LabObservation observation, Detection detection, LabAmendment? amends, LabResultRoute route, string? externalId)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(detection);
        ArgumentNullException.ThrowIfNull(route);
        var tier = detection.Outcome == DetectionOutcome.Critical ? Tier.Critical : Tier.Urgent;
        var patient = observation.PatientIdentifier is { } id ? $"{observation.PatientDisplay} ({id.Value})".Trim() : observation.PatientDisplay;
        var subject = $"{amends?.SubjectPrefix}{(tier == Tier.Critical ? "Critical" : "Abnormal")} lab result: {observation.Name}";
        var body = amends is null ? LabMessageText.Format(observation, detection) : $"{amends.BodyLead}\n{LabMessageText.Format(observation, detection)}";
        return new SendMessage(tier, subject, body, patient, route.UnitId, route.RoleId, null, MessageSource.Ehr, externalId, false, StartAtRole: route.RoleId is not null);
    }

    /// <summary>
    /// Whether a result the site judges critical has a status that is neither reportable nor a withdrawal (registered,
    /// unknown): it would be recorded and page nobody, so the whole payload is refused instead.
    /// </summary>
    public static bool IsCriticalWithoutAReportableStatus(LabObservation observation, LabRuleSet ruleSet)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(ruleSet);
        // The detector sets aside every status it does not act on, so it is asked what it would make of the value.
        return !observation.IsReportable && !LabResultLifecycle.IsWithdrawnStatus(observation.Status)
            && CriticalResultDetector.Evaluate(observation with { Status = "final" }, ruleSet.Limits, ruleSet.Policy).Outcome == DetectionOutcome.Critical;
    }

    /// <summary>
    /// A result the site judges critical whose status is valid FHIR but neither reportable nor a withdrawal (registered,
    /// unknown) would be recorded and page nobody. Refused whole, before anything is recorded, so the sender hears it
    /// (issue 13, probe item 6): the lab resends it as preliminary or final, or withdraws it.
    /// </summary>
    private static void RefuseCriticalWithoutAReportableStatus(List<(LabObservation Observation, Resource Source)> results, LabRuleSet ruleSet)
    {
        foreach (var (observation, source) in results)
        {
            if (!IsCriticalWithoutAReportableStatus(observation, ruleSet))
            {
                continue;
            }

            var reference = observation.Id is null ? source.Reference : $"{observation.ResourceType}/{observation.Id}";
            throw new FhirInputException(
                OperationOutcomeIssue.Error("business-rule",
                    $"{reference} is a critical result with status '{observation.Status}': it can be neither paged nor set aside. Send it as preliminary or final, or withdraw it (entered-in-error, cancelled). Nothing in this payload was recorded.",
                    $"{observation.ResourceType}.status"),
                FhirInputException.Unprocessable);
        }
    }

    private static void Collect(Resource resource, IFhirResourceResolver resolver, List<(LabObservation, Resource)> into)
    {
        switch (resource)
        {
            case Observation:
                into.Add((ObservationMapper.ToLabObservation(resource, resolver), resource));
                break;
            case DiagnosticReport:
                into.AddRange(DiagnosticReportReader.Read(resource, resolver).Results.Select(r => (r, resource)));
                break;
            case Bundle:
                var entries = FhirBundleReader.Read(resource).Entries.Where(e => e.Resource is not null).ToList();
                var reportResults = ReportResults(entries);
                foreach (var entry in entries)
                {
                    if (entry.Resource is DiagnosticReport || (entry.Resource is Observation && !IsReportResult(entry, reportResults)))
                    {
                        Collect(entry.Resource!, resolver, into);
                    }
                }

                break;
        }
    }

    /// <summary>
    /// The entries of a Bundle that we carry along without acting on them (a Patient, an Encounter, a Provenance, a
    /// Composition, any other R4 resource): real EHR and lab bundles hold many, and they never refuse the results beside
    /// them. One note each, for the OperationOutcome. Observations read through a report in the bundle are acted on.
    /// </summary>
    public static IReadOnlyList<string> NotActedOn(Resource payload)
    {
        if (payload is not Bundle)
        {
            return [];
        }

        var entries = FhirBundleReader.Read(payload).Entries.Where(e => e.Resource is not null).ToList();
        return entries.Where(e => e.Resource is not (Observation or DiagnosticReport))
            .Select(e => $"Bundle.entry[{e.Index}] {e.Resource!.Reference}: not acted on (a {e.Resource!.TypeName} carries no lab result); accepted.")
            .ToList();
    }

    /// <summary>Results referenced by a report in the same bundle are read through the report, not twice.</summary>
    private static HashSet<string> ReportResults(IEnumerable<FhirBundleEntry> entries) =>
        entries.Select(e => e.Resource).OfType<DiagnosticReport>().SelectMany(DiagnosticReportReader.ResultReferences).ToHashSet(StringComparer.Ordinal);

    private static bool IsReportResult(FhirBundleEntry entry, HashSet<string> reportResults) =>
        (entry.FullUrl is { } url && reportResults.Contains(url)) || reportResults.Contains(entry.Resource!.Reference);
}
