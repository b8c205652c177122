using Escalation.Infrastructure.Fhir.Payloads;
using Escalation.Infrastructure.Fhir.Routing;
using Escalation.Infrastructure.Fhir.Sources;
using Hl7.Fhir.Model;

namespace Escalation.Infrastructure.Fhir.Subscriptions;

/// <summary>
/// Receives subscription notifications from a source (docs/decisions/012):
/// <list type="bullet">
/// <item>an R4 rest-hook without payload (an empty body: <see cref="ReceiveAsync"/> with null), a Backport IG
/// handshake or heartbeat: nothing to do;</item>
/// <item>an R4 rest-hook with payload: the body is the Observation, DiagnosticReport or Bundle itself, taken as if it
/// had been POSTed to /fhir;</item>
/// <item>a Backport IG event-notification (a history Bundle led by a SubscriptionStatus): each Observation or
/// DiagnosticReport focus goes through the intake, included in the notification (full-resource) or fetched from the
/// source (id-only), together with the notification's other included resources (a Patient, a ServiceRequest) so its
/// references resolve. Other focus types are noted and left alone.</item>
/// </list>
/// Every focus is fetched before any is judged: a source that cannot deliver one changes nothing.
/// </summary>
public sealed class FhirNotificationReceiver(LabResultIntake intake, FhirSourceResolver sources)
{
    private static readonly HashSet<string> LabTypes = new(StringComparer.Ordinal) { "Observation", "DiagnosticReport" };

    public async Task<NotificationReceipt> ReceiveAsync(Resource? payload, string actor, string? sourceName, CancellationToken cancellationToken = default)
    {
        if (payload is null)
        {
            return new NotificationReceipt(SubscriptionNotificationType.Ping, [], ["Rest-hook notification without payload: nothing to fetch."]);
        }

        if (payload is Bundle && FhirBundleReader.Validate(payload) is { IsValid: false } validation)
        {
            throw new FhirInputException(validation.FirstIssue! with { Diagnostics = $"Entry {validation.FirstBadEntry}: {validation.FirstIssue.Diagnostics}" });
        }

        if (!SubscriptionNotificationReader.IsBackport(payload))
        {
            if (!LabTypes.Contains(payload.TypeName) && payload is not Bundle)
            {
                throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.NotSupported,
                    $"A rest-hook notification here carries an Observation, a DiagnosticReport or a Bundle, not a {payload.TypeName}.", "resourceType"));
            }

            return new NotificationReceipt(SubscriptionNotificationType.EventNotification, await intake.AcceptAsync(payload, actor, sourceName, cancellationToken), []);
        }

        var notification = SubscriptionNotificationReader.Read(payload);
        switch (notification.Type)
        {
            case SubscriptionNotificationType.Handshake or SubscriptionNotificationType.Heartbeat:
                return new NotificationReceipt(notification.Type, [], [$"{notification.Type} for {notification.SubscriptionReference ?? "a subscription"} (status {notification.Status ?? "not given"})."]);
            case SubscriptionNotificationType.EventNotification:
                break;
            default:
                throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.NotSupported,
                    $"A {notification.Type} bundle answers a $status or $events query; it is not a notification.", "Bundle.entry[0].resource.parameter"));
        }

        var notes = new List<string>();
        var focuses = new List<(string? FullUrl, Resource Resource)>();
        var fetchedContext = new List<(string? FullUrl, Resource Resource)>();
        foreach (var item in notification.Events)
        {
            var label = $"Event {item.EventNumber ?? "(no number)"}";
            if (item.Focus is { } included)
            {
                if (LabTypes.Contains(included.TypeName))
                {
                    Add(focuses, item.FocusReference, included);
                }
                else
                {
                    notes.Add($"{label}: the focus {included.Reference} is not a lab result; left alone.");
                }
            }
            else if (item.FocusReference is not { } reference)
            {
                notes.Add($"{label}: no focus.");
            }
            else if (FhirRouting.TypeOf(FhirRouting.NormalizeReference(reference)) is { } type && LabTypes.Contains(type))
            {
                var fetched = await sources.FetchAsync(sourceName, reference, cancellationToken);
                if (fetched.TypeName != type)
                {
                    throw new FhirSourceException(FhirSourceException.BadGateway, OperationOutcomeIssue.Error("exception",
                        $"The source answered {reference} with a {fetched.TypeName}, not a {type}."));
                }

                Add(focuses, reference.Contains("://", StringComparison.Ordinal) ? reference : null, fetched);
                if (fetched is Observation observation
                    && await sources.FetchPatientAsync(sourceName, observation, new PayloadResourceResolver(fetched), cancellationToken) is { } patient)
                {
                    // Under the subject's own reference, so that an absolute one resolves in the collection too.
                    var subject = observation.Subject!.Reference!;
                    fetchedContext.Add((subject.Contains("://", StringComparison.Ordinal) ? subject : null, patient));
                }
            }
            else
            {
                notes.Add($"{label}: the focus {reference} is not a lab result; left alone.");
            }
        }

        if (focuses.Count == 0)
        {
            return new NotificationReceipt(notification.Type, [], notes);
        }

        var outcomes = await intake.AcceptAsync(CollectionOf(payload, focuses, fetchedContext), actor, sourceName, cancellationToken);
        return new NotificationReceipt(notification.Type, outcomes, notes);
    }

    /// <summary>Two events about the same version of a resource are one result.</summary>
    private static void Add(List<(string? FullUrl, Resource Resource)> focuses, string? fullUrl, Resource resource)
    {
        if (!focuses.Any(f => f.Resource.Reference == resource.Reference && f.Resource.Meta?.VersionId == resource.Meta?.VersionId && resource.Id is not null))
        {
            focuses.Add((fullUrl, resource));
        }
    }

    /// <summary>
    /// One collection Bundle for the intake: the focus resources, the results of focus reports that the notification
    /// includes, every included resource that is not a lab result (context such as the Patient), with their fullUrls,
    /// and the Patients fetched for id-only focuses.
    /// </summary>
    private static Resource CollectionOf(Resource notification, IReadOnlyList<(string? FullUrl, Resource Resource)> focuses, IReadOnlyList<(string? FullUrl, Resource Resource)> fetchedContext)
    {
        var resolver = new PayloadResourceResolver(notification);
        var reportResults = focuses.Select(f => f.Resource).OfType<DiagnosticReport>()
            .SelectMany(report => DiagnosticReportReader.ResultReferences(report).Select(r => resolver.Resolve(r, report)).OfType<Resource>())
            .Select(r => r.Reference).ToHashSet(StringComparer.Ordinal);
        var focusReferences = focuses.Select(f => f.Resource.Reference).ToHashSet(StringComparer.Ordinal);
        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        foreach (var (fullUrl, resource) in focuses)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = fullUrl, Resource = resource });
        }

        foreach (var entry in FhirBundleReader.Read(notification).Entries.Skip(1))
        {
            if (entry.Resource is { } resource && !focusReferences.Contains(resource.Reference)
                && (!LabTypes.Contains(resource.TypeName) || reportResults.Contains(resource.Reference)))
            {
                bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = entry.FullUrl, Resource = resource });
            }
        }

        foreach (var (fullUrl, resource) in fetchedContext)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = fullUrl, Resource = resource });
        }

        return bundle;
    }
}
