using System.Text.Json;
using System.Text.Json.Nodes;

namespace Escalation.Infrastructure.Fhir;

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

    public async Task<NotificationReceipt> ReceiveAsync(FhirResource? payload, string actor, string? sourceName, CancellationToken cancellationToken = default)
    {
        if (payload is null)
        {
            return new NotificationReceipt(SubscriptionNotificationType.Ping, [], ["Rest-hook notification without payload: nothing to fetch."]);
        }

        if (payload.ResourceType == "Bundle" && FhirBundleReader.Validate(payload) is { IsValid: false } validation)
        {
            throw new FhirInputException(validation.FirstIssue! with { Diagnostics = $"Entry {validation.FirstBadEntry}: {validation.FirstIssue.Diagnostics}" });
        }

        if (!IsBackport(payload))
        {
            if (!LabTypes.Contains(payload.ResourceType) && payload.ResourceType != "Bundle")
            {
                throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.NotSupported,
                    $"A rest-hook notification here carries an Observation, a DiagnosticReport or a Bundle, not a {payload.ResourceType}.", "resourceType"));
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
        var focuses = new List<(string? FullUrl, FhirResource Resource)>();
        var fetchedContext = new List<(string? FullUrl, FhirResource Resource)>();
        foreach (var item in notification.Events)
        {
            var label = $"Event {item.EventNumber ?? "(no number)"}";
            if (item.Focus is { } included)
            {
                if (LabTypes.Contains(included.ResourceType))
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
                if (fetched.ResourceType != type)
                {
                    throw new FhirSourceException(FhirSourceException.BadGateway, OperationOutcomeIssue.Error("exception",
                        $"The source answered {reference} with a {fetched.ResourceType}, not a {type}."));
                }

                Add(focuses, reference.Contains("://", StringComparison.Ordinal) ? reference : null, fetched);
                if (fetched.ResourceType == "Observation"
                    && await sources.FetchPatientAsync(sourceName, fetched, new PayloadResourceResolver(fetched), cancellationToken) is { } patient)
                {
                    // Under the subject's own reference, so that an absolute one resolves in the collection too.
                    var subject = FhirJson.String(FhirJson.Object(fetched.Json, "subject")!.Value, "reference")!;
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
    private static void Add(List<(string? FullUrl, FhirResource Resource)> focuses, string? fullUrl, FhirResource resource)
    {
        if (!focuses.Any(f => f.Resource.Reference == resource.Reference && f.Resource.VersionId == resource.VersionId && resource.Id is not null))
        {
            focuses.Add((fullUrl, resource));
        }
    }

    private static bool IsBackport(FhirResource payload) =>
        payload.ResourceType == "Bundle"
        && FhirJson.String(payload.Json, "type") == "history"
        && FhirBundleReader.Read(payload).Entries.FirstOrDefault()?.Resource?.ResourceType == "Parameters";

    /// <summary>
    /// One collection Bundle for the intake: the focus resources, the results of focus reports that the notification
    /// includes, every included resource that is not a lab result (context such as the Patient), with their fullUrls,
    /// and the Patients fetched for id-only focuses.
    /// </summary>
    private static FhirResource CollectionOf(FhirResource notification, IReadOnlyList<(string? FullUrl, FhirResource Resource)> focuses, IReadOnlyList<(string? FullUrl, FhirResource Resource)> fetchedContext)
    {
        var resolver = new PayloadResourceResolver(notification);
        var reportResults = focuses.Where(f => f.Resource.ResourceType == "DiagnosticReport")
            .SelectMany(f => FhirJson.Array(f.Resource.Json, "result").Select(r => FhirJson.String(r, "reference")).OfType<string>()
                .Select(r => resolver.Resolve(r, f.Resource)).OfType<FhirResource>())
            .Select(r => r.Reference).ToHashSet(StringComparer.Ordinal);
        var focusReferences = focuses.Select(f => f.Resource.Reference).ToHashSet(StringComparer.Ordinal);
        var entries = new JsonArray();
        foreach (var (fullUrl, resource) in focuses)
        {
            entries.Add(Entry(fullUrl, resource));
        }

        foreach (var entry in FhirBundleReader.Read(notification).Entries.Skip(1))
        {
            if (entry.Resource is { } resource && !focusReferences.Contains(resource.Reference)
                && (!LabTypes.Contains(resource.ResourceType) || reportResults.Contains(resource.Reference)))
            {
                entries.Add(Entry(entry.FullUrl, resource));
            }
        }

        foreach (var (fullUrl, resource) in fetchedContext)
        {
            entries.Add(Entry(fullUrl, resource));
        }

        var bundle = new JsonObject { ["resourceType"] = "Bundle", ["type"] = "collection", ["entry"] = entries };
        return new FhirResource(JsonSerializer.SerializeToElement(bundle));
    }

    private static JsonObject Entry(string? fullUrl, FhirResource resource)
    {
        var entry = new JsonObject();
        if (fullUrl is not null)
        {
            entry["fullUrl"] = fullUrl;
        }

        entry["resource"] = JsonNode.Parse(resource.Json.GetRawText());
        return entry;
    }
}
