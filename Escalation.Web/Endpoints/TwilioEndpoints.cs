using Escalation.Infrastructure.Paging;
using Escalation.Infrastructure.Telephony;
using Microsoft.Extensions.Options;

namespace Escalation.Web.Endpoints;

/// <summary>
/// The webhooks Twilio calls for pages: a call's TwiML, its key press and status callbacks, a text's status, and
/// texts to the practice number (STOP / START). Twilio signs each request with the account's auth token; a request
/// whose <c>X-Twilio-Signature</c> does not match gets 403 and changes nothing. Anonymous otherwise: Twilio has no
/// session, and the opaque page id in the URL names no message or person.
/// </summary>
internal static class TwilioEndpoints
{
    private const string Xml = "application/xml";

    public static void MapTwilioEndpoints(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/twilio").AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        hooks.MapPost("/voice/{pageId:guid}", (Guid pageId, HttpRequest request, TelephonyPaging paging, IOptions<TwilioOptions> options, CancellationToken ct) =>
            SignedAsync(request, options.Value, async form => Results.Content(await paging.AnswerAsync(pageId, form, ct), Xml), ct));
        hooks.MapPost("/voice/{pageId:guid}/gather", (Guid pageId, HttpRequest request, TelephonyPaging paging, IOptions<TwilioOptions> options, CancellationToken ct) =>
            SignedAsync(request, options.Value, async form => Results.Content(await paging.GatherAsync(pageId, form, ct), Xml), ct));
        hooks.MapPost("/voice/{pageId:guid}/status", (Guid pageId, HttpRequest request, TelephonyPaging paging, IOptions<TwilioOptions> options, CancellationToken ct) =>
            SignedAsync(request, options.Value, async form =>
            {
                await paging.CallStatusAsync(pageId, form, ct);
                return Results.NoContent();
            }, ct));
        hooks.MapPost("/sms/{pageId:guid}/status", (Guid pageId, HttpRequest request, TelephonyPaging paging, IOptions<TwilioOptions> options, CancellationToken ct) =>
            SignedAsync(request, options.Value, async form =>
            {
                await paging.SmsStatusAsync(pageId, form, ct);
                return Results.NoContent();
            }, ct));
        hooks.MapPost("/sms/inbound", (HttpRequest request, TelephonyPaging paging, IOptions<TwilioOptions> options, CancellationToken ct) =>
            SignedAsync(request, options.Value, async form => Results.Content(await paging.InboundSmsAsync(form, ct), Xml), ct));
    }

    /// <summary>
    /// Runs <paramref name="handle"/> on the webhook's fields only when the request carries Twilio's signature for
    /// this URL (403 otherwise); a signed form without the fields Twilio always sends is a 400.
    /// </summary>
    internal static async Task<IResult> SignedAsync(HttpRequest request, TwilioOptions options, Func<IReadOnlyList<KeyValuePair<string, string>>, Task<IResult>> handle, CancellationToken ct)
    {
        // Without an auth token and a public URL nothing can be verified, so nothing is accepted.
        if (options.AuthToken.Length == 0 || options.PublicBaseUrl is null || !request.HasFormContentType
            || !await TwilioWebhookSignature.IsValidRequestAsync(request, options.AuthToken, options.PublicBaseUrl, ct))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The request does not carry a valid X-Twilio-Signature.");
        }

        try
        {
            return await handle(TwilioForm.Read(await request.ReadFormAsync(ct)));
        }
        catch (FormatException exception)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: exception.Message);
        }
    }
}
