using System.Globalization;
using System.Text.Json;

namespace Escalation.Infrastructure.Fhir;

/// <summary>
/// Reads what a FHIR server POSTs to our rest-hook endpoint: nothing (an R4 ping), a resource (R4 rest-hook with a
/// payload), or a Subscriptions Backport IG notification: a history Bundle whose first entry is a Parameters
/// SubscriptionStatus (subscription, topic, status, type, events-since-subscription-start, notification-event parts).
/// </summary>
public static class SubscriptionNotificationReader
{
    private static readonly Dictionary<string, SubscriptionNotificationType> Types = new(StringComparer.Ordinal)
    {
        ["handshake"] = SubscriptionNotificationType.Handshake,
        ["heartbeat"] = SubscriptionNotificationType.Heartbeat,
        ["event-notification"] = SubscriptionNotificationType.EventNotification,
        ["query-status"] = SubscriptionNotificationType.QueryStatus,
        ["query-event"] = SubscriptionNotificationType.QueryEvent,
    };

    public static SubscriptionNotification Read(ReadOnlySpan<byte> body)
    {
        if (FhirParser.IsEmpty(body))
        {
            return new SubscriptionNotification(SubscriptionNotificationType.Ping, null, null, null, null, NotificationContent.Empty, [], [], []);
        }

        return Read(FhirParser.Parse(body));
    }

    public static SubscriptionNotification Read(FhirResource payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (IsBackportBundle(payload))
        {
            return ReadBackport(payload);
        }

        // R4 rest-hook with a payload: the body is the changed resource (or a Bundle of them).
        var entries = payload.ResourceType == "Bundle"
            ? FhirBundleReader.Read(payload).Entries.Where(e => e.Resource is not null).ToList()
            : [new FhirBundleEntry(0, null, payload, null, null, null)];
        var events = entries.Select(e => new NotificationEvent(null, null, e.FullUrl ?? e.Resource!.Reference, e.Resource, [])).ToList();
        return new SubscriptionNotification(SubscriptionNotificationType.EventNotification, null, null, null, null, NotificationContent.FullResource, events, entries, []);
    }

    private static bool IsBackportBundle(FhirResource payload) =>
        payload.ResourceType == "Bundle"
        && FhirJson.String(payload.Json, "type") == "history"
        && FhirJson.Array(payload.Json, "entry").FirstOrDefault() is { ValueKind: JsonValueKind.Object } first
        && FhirJson.Object(first, "resource") is { } resource
        && FhirJson.String(resource, "resourceType") == "Parameters";

    private static SubscriptionNotification ReadBackport(FhirResource payload)
    {
        var bundle = FhirBundleReader.Read(payload);
        var status = bundle.Entries[0].Resource!.Json;
        var parameters = FhirJson.Array(status, "parameter").ToList();

        var typeCode = Value(parameters, "type", "valueCode");
        if (typeCode is null)
        {
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.Required, "The SubscriptionStatus has no type parameter.", "Bundle.entry[0].resource.parameter"));
        }

        if (!Types.TryGetValue(typeCode, out var type))
        {
            throw new FhirInputException(OperationOutcomeIssue.Error(OperationOutcomeIssue.NotSupported, $"Notification type {typeCode} is not supported.", "Bundle.entry[0].resource.parameter"));
        }

        var included = bundle.Entries.Skip(1).Where(e => e.Resource is not null).ToList();
        var resolver = new PayloadResourceResolver(payload);
        var events = parameters.Where(p => FhirJson.String(p, "name") == "notification-event").Select(p =>
        {
            var parts = FhirJson.Array(p, "part").ToList();
            var focus = parts.Where(x => FhirJson.String(x, "name") == "focus").Select(ReferenceOf).FirstOrDefault(r => r is not null);
            var context = parts.Where(x => FhirJson.String(x, "name") == "additional-context").Select(ReferenceOf).OfType<string>().ToList();
            return new NotificationEvent(
                Value(parts, "event-number", "valueString") ?? Value(parts, "event-number", "valueUnsignedInt"),
                FhirJson.DateTime(Value(parts, "timestamp", "valueInstant")),
                focus,
                focus is null ? null : resolver.Resolve(focus),
                context);
        }).ToList();

        var content = events.Any(e => e.Focus is not null) || (included.Count > 0 && events.Count > 0)
            ? NotificationContent.FullResource
            : events.Any(e => e.FocusReference is not null) ? NotificationContent.IdOnly : NotificationContent.Empty;

        var errors = parameters.Where(p => FhirJson.String(p, "name") == "error")
            .Select(p => FhirJson.Object(p, "valueCodeableConcept") is { } c
                ? FhirJson.String(c, "text") ?? FhirJson.Array(c, "coding").Select(x => FhirJson.String(x, "code")).FirstOrDefault(x => x is not null)
                : null)
            .OfType<string>().ToList();

        return new SubscriptionNotification(
            type,
            parameters.Where(p => FhirJson.String(p, "name") == "subscription").Select(ReferenceOf).FirstOrDefault(r => r is not null),
            Value(parameters, "topic", "valueCanonical") ?? Value(parameters, "topic", "valueUri"),
            Value(parameters, "status", "valueCode"),
            long.TryParse(Value(parameters, "events-since-subscription-start", "valueString") ?? NumberText(parameters, "events-since-subscription-start"), NumberStyles.None, CultureInfo.InvariantCulture, out var since) ? since : null,
            content,
            events,
            included,
            errors);
    }

    private static string? ReferenceOf(JsonElement parameter) =>
        FhirJson.Object(parameter, "valueReference") is { } r ? FhirJson.String(r, "reference") : null;

    private static string? Value(IEnumerable<JsonElement> parameters, string name, string valueElement) =>
        parameters.Where(p => FhirJson.String(p, "name") == name).Select(p => FhirJson.String(p, valueElement)).FirstOrDefault(v => v is not null);

    /// <summary>Some servers send events-since-subscription-start as a number (valueInteger64, valueUnsignedInt).</summary>
    private static string? NumberText(IEnumerable<JsonElement> parameters, string name) =>
        parameters.Where(p => FhirJson.String(p, "name") == name)
            .SelectMany(p => p.EnumerateObject())
            .Where(v => v.Name.StartsWith("value", StringComparison.Ordinal) && v.Value.ValueKind == JsonValueKind.Number)
            .Select(v => v.Value.GetRawText())
            .FirstOrDefault();
}
