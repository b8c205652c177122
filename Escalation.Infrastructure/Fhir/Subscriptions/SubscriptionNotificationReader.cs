using System.Globalization;
using Escalation.Infrastructure.Fhir.Payloads;
using Hl7.Fhir.Model;

namespace Escalation.Infrastructure.Fhir.Subscriptions;

/// <summary>
/// Reads what a FHIR server POSTs to our rest-hook endpoint: nothing (an R4 ping), a resource (R4 rest-hook with a
/// payload), or a Subscriptions Backport IG notification: a history Bundle whose first entry is a Parameters
/// SubscriptionStatus (subscription, topic, status, type, events-since-subscription-start, notification-event parts),
/// read from Firely's <see cref="Parameters"/>.
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
        if (FhirPayloadReader.IsEmpty(body))
        {
            return new SubscriptionNotification(SubscriptionNotificationType.Ping, null, null, null, null, NotificationContent.Empty, [], [], []);
        }

        return Read(FhirPayloadReader.Read(body));
    }

    public static SubscriptionNotification Read(Resource payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (IsBackport(payload))
        {
            return ReadBackport((Bundle)payload);
        }

        // R4 rest-hook with a payload: the body is the changed resource (or a Bundle of them).
        var entries = payload is Bundle
            ? FhirBundleReader.Read(payload).Entries.Where(e => e.Resource is not null).ToList()
            : [new FhirBundleEntry(0, null, payload, null, null, null)];
        var events = entries.Select(e => new NotificationEvent(null, null, e.FullUrl ?? e.Resource!.Reference, e.Resource, [])).ToList();
        return new SubscriptionNotification(SubscriptionNotificationType.EventNotification, null, null, null, null, NotificationContent.FullResource, events, entries, []);
    }

    /// <summary>A Backport IG notification: a history Bundle led by a Parameters SubscriptionStatus.</summary>
    public static bool IsBackport(Resource payload) =>
        payload is Bundle bundle && FhirBundleReader.TypeOf(bundle) == "history" && bundle.Entry.FirstOrDefault()?.Resource is Parameters;

    private static SubscriptionNotification ReadBackport(Bundle payload)
    {
        var bundle = FhirBundleReader.Read(payload);
        var status = (Parameters)bundle.Entries[0].Resource!;
        var parameters = status.Parameter;

        var typeCode = Text(parameters, "type");
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
        var events = parameters.Where(p => p.Name == "notification-event").Select(p =>
        {
            var focus = p.Part.Where(x => x.Name == "focus").Select(ReferenceOf).FirstOrDefault(r => r is not null);
            var context = p.Part.Where(x => x.Name == "additional-context").Select(ReferenceOf).OfType<string>().ToList();
            return new NotificationEvent(
                Text(p.Part, "event-number"),
                ObservationMapper.DateTime(Text(p.Part, "timestamp")),
                focus,
                focus is null ? null : resolver.Resolve(focus),
                context);
        }).ToList();

        var content = events.Any(e => e.Focus is not null) || (included.Count > 0 && events.Count > 0)
            ? NotificationContent.FullResource
            : events.Any(e => e.FocusReference is not null) ? NotificationContent.IdOnly : NotificationContent.Empty;

        var errors = parameters.Where(p => p.Name == "error")
            .Select(p => p.Value is CodeableConcept c ? c.Text ?? c.Coding.Select(x => x.Code).FirstOrDefault(x => x is not null) : null)
            .OfType<string>().ToList();

        return new SubscriptionNotification(
            type,
            parameters.Where(p => p.Name == "subscription").Select(ReferenceOf).FirstOrDefault(r => r is not null),
            Text(parameters, "topic"),
            Text(parameters, "status"),
            long.TryParse(Text(parameters, "events-since-subscription-start"), NumberStyles.None, CultureInfo.InvariantCulture, out var since) ? since : null,
            content,
            events,
            included,
            errors);
    }

    private static string? ReferenceOf(Parameters.ParameterComponent parameter) => (parameter.Value as ResourceReference)?.Reference;

    /// <summary>
    /// A parameter's primitive value as sent, whatever its type: servers differ (event-number as valueString or
    /// valueUnsignedInt, events-since-subscription-start as valueString or valueInteger64, topic as valueCanonical or valueUri).
    /// </summary>
    private static string? Text(IEnumerable<Parameters.ParameterComponent> parameters, string name) =>
        parameters.Where(p => p.Name == name).Select(p => p.Value switch
        {
            PrimitiveType { JsonValue: DateTimeOffset at } => at.ToString("o", CultureInfo.InvariantCulture),
            PrimitiveType { JsonValue: IFormattable number } => number.ToString(null, CultureInfo.InvariantCulture),
            PrimitiveType { JsonValue: { } value } => value.ToString(),
            _ => null,
        }).FirstOrDefault(v => v is not null);
}
