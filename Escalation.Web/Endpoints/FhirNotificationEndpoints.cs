using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Fhir.Payloads;
using Escalation.Infrastructure.Fhir.Sources;
using Escalation.Infrastructure.Fhir.Subscriptions;

namespace Escalation.Web.Endpoints;

/// <summary>
/// <c>POST /fhir/notifications</c>: the rest-hook endpoint a source's Subscription points at (its
/// <c>channel.endpoint</c>), with the integration key as <c>channel.header</c> (<c>Authorization: Bearer ...</c>).
/// An empty body (R4 rest-hook without payload), a handshake or a heartbeat is answered 200 and changes nothing; lab
/// results in a notification go through the same intake as POST /fhir. A notification we cannot read is a 400
/// OperationOutcome, a source that cannot deliver an id-only focus a 422, 502 or 504; each changes nothing.
/// </summary>
internal static class FhirNotificationEndpoints
{
    public const string Path = "/notifications";

    public static void MapFhirNotifications(this RouteGroupBuilder fhir) =>
        fhir.MapPost(Path, ReceiveAsync);

    private static async Task<IResult> ReceiveAsync(HttpRequest request, ClaimsPrincipal user, FhirNotificationReceiver receiver, CancellationToken ct)
    {
        var (body, tooLarge) = await FhirEndpoints.ReadBodyAsync(request, ct);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        // A rest-hook ping may come without a content type: only a body has to be FHIR JSON.
        var empty = FhirPayloadReader.IsEmpty(body.Span);
        if (!empty && FhirEndpoints.RefuseMediaType(request) is { } unsupported)
        {
            return unsupported;
        }

        try
        {
            var payload = empty ? null : FhirPayloadReader.Read(body.Span);
            var receipt = await receiver.ReceiveAsync(payload, MessageEndpoints.Actor(user), FhirEndpoints.SourceOf(user), ct);
            return FhirEndpoints.Accepted(receipt.Outcomes, receipt.Notes);
        }
        catch (FhirInputException exception)
        {
            return FhirEndpoints.Refused(exception);
        }
        catch (FhirSourceException exception)
        {
            return FhirEndpoints.Refused(exception);
        }
        catch (EngineException exception)
        {
            return FhirEndpoints.Outcome(StatusCodes.Status422UnprocessableEntity, "error", "processing", exception.Message);
        }
    }
}
