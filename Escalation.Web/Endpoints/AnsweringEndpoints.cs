using Escalation.Domain.Common;
using Escalation.Domain.Organisation;
using Escalation.Infrastructure.Access;
using Escalation.Infrastructure.Answering;
using Escalation.Infrastructure.Telephony;
using Microsoft.Extensions.Options;

namespace Escalation.Web.Endpoints;

public sealed record PhoneVerificationRequest(string? PhoneNumber);

public sealed record PhoneCodeRequest(string? Code);

public sealed record PracticeSettingsRequest(IReadOnlyList<string>? OfficeDays, string? Opens, string? Closes, string? CallerIdNumber);

/// <summary>
/// The answering service's endpoints: the caller of a message, masked callbacks (and Twilio's webhooks for them,
/// under <c>/twilio/callback/</c>), a person's own phone verification, and a practice's office hours.
/// </summary>
internal static class AnsweringEndpoints
{
    public static void MapAnsweringEndpoints(this IEndpointRouteBuilder app)
    {
        var messages = app.MapGroup("/api/messages").WithTags("Answering service");
        messages.MapGet("{id:guid}/caller", CallerAsync).RequireAuthorization(ApiPolicies.PeopleOrIntegrations);
        messages.MapPost("{id:guid}/callback", CallBackAsync).RequireAuthorization(ApiPolicies.People);
        messages.MapGet("{id:guid}/callbacks", CallbacksAsync).RequireAuthorization(ApiPolicies.People);

        var phone = app.MapGroup("/api/me/phone").WithTags("Answering service").RequireAuthorization(ApiPolicies.People);
        phone.MapGet("", async (ClaimsPrincipal user, PhoneVerifier verifications, CancellationToken ct) =>
            Results.Ok(await verifications.StatusAsync(MessageEndpoints.Actor(user), ct)));
        phone.MapPost("verification", async (PhoneVerificationRequest request, ClaimsPrincipal user, PhoneVerifier verifications, CancellationToken ct) =>
        {
            var result = await verifications.RequestAsync(MessageEndpoints.Actor(user), request.PhoneNumber, ct);
            return result.Succeeded ? Results.Accepted(value: await verifications.StatusAsync(MessageEndpoints.Actor(user), ct)) : Problem(result);
        });
        phone.MapPost("verification/confirm", async (PhoneCodeRequest request, ClaimsPrincipal user, PhoneVerifier verifications, CancellationToken ct) =>
        {
            var result = await verifications.ConfirmAsync(MessageEndpoints.Actor(user), request.Code, ct);
            return result.Succeeded ? Results.Ok(await verifications.StatusAsync(MessageEndpoints.Actor(user), ct)) : Problem(result);
        });

        var practice = app.MapGroup("/api/units/{id:guid}/practice").WithTags("Answering service").RequireAuthorization(ApiPolicies.Admin);
        practice.MapGet("", async (Guid id, PracticeAdministration practices, CancellationToken ct) =>
            await practices.GetAsync(new UnitId(id), ct) is { } view ? Results.Ok(view) : ApiProblems.NotFound("unit"));
        practice.MapPut("", SavePracticeAsync);

        // Twilio calls these; it cannot sign in, so the signature is the authentication.
        var twilio = app.MapGroup("/twilio/callback/{id:guid}").AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        twilio.MapPost("answer", (Guid id, HttpRequest request, MaskedCallbacks callbacks, IOptions<TwilioOptions> options, CancellationToken ct) =>
            TwilioEndpoints.SignedAsync(request, options.Value, async form =>
                Results.Content(await callbacks.AnswerAsync(id, TwilioCallStatus.Parse(form), ct), "application/xml"), ct));
        twilio.MapPost("status", (Guid id, HttpRequest request, MaskedCallbacks callbacks, IOptions<TwilioOptions> options, CancellationToken ct) =>
            TwilioEndpoints.SignedAsync(request, options.Value, async form =>
            {
                await callbacks.StatusAsync(id, TwilioCallStatus.Parse(form), ct);
                return Results.Content(TwimlAnswers.Empty(), "application/xml");
            }, ct));
    }

    private static async Task<IResult> CallerAsync(Guid id, ClaimsPrincipal user, MessageAccess access, MaskedCallbacks callbacks, CancellationToken cancellationToken)
    {
        var message = await access.FindVisibleAsync(await MessageEndpoints.CallerAsync(user, access, cancellationToken), new MessageId(id), cancellationToken);
        if (message is null || await callbacks.CallerAsync(message.Id, cancellationToken) is not { } caller)
        {
            return NoSuchCaller();
        }

        return Results.Ok(caller);
    }

    private static async Task<IResult> CallbacksAsync(Guid id, ClaimsPrincipal user, MessageAccess access, MaskedCallbacks callbacks, CancellationToken cancellationToken)
    {
        var message = await access.FindVisibleAsync(await MessageEndpoints.CallerAsync(user, access, cancellationToken), new MessageId(id), cancellationToken);
        return message is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such message.")
            : Results.Ok(await callbacks.LogAsync(message.Id, cancellationToken));
    }

    /// <summary>"Call back": rings the clinician's own verified phone, then bridges to the caller.</summary>
    private static async Task<IResult> CallBackAsync(Guid id, ClaimsPrincipal user, MessageAccess access, MaskedCallbacks callbacks, CancellationToken cancellationToken)
    {
        var caller = await MessageEndpoints.CallerAsync(user, access, cancellationToken);
        var message = await access.FindVisibleAsync(caller, new MessageId(id), cancellationToken);
        if (message is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such message.");
        }

        if (!MessageAccess.MayCallBack(caller, message))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only the message's recipients, its sender, or somebody acting for the unit can call the caller back.");
        }

        var outcome = await callbacks.StartAsync(message.Id, caller.UserId, cancellationToken);
        return outcome.Result.Succeeded ? Results.Accepted($"/api/messages/{id}/callbacks", outcome.Call) : Problem(outcome.Result, outcome.Call);
    }

    private static async Task<IResult> SavePracticeAsync(Guid id, PracticeSettingsRequest request, ClaimsPrincipal user, PracticeAdministration practices, CancellationToken cancellationToken)
    {
        var days = new List<DayOfWeek>();
        foreach (var day in request.OfficeDays ?? [])
        {
            var match = Enum.GetValues<DayOfWeek>().Where(d => d.ToString().StartsWith(day.Trim(), StringComparison.OrdinalIgnoreCase) && day.Trim().Length >= 3).ToList();
            if (match.Count != 1)
            {
                return ApiProblems.Invalid("officeDays", $"'{day}' is not a day of the week (Mon, Tue, ... or Monday, ...).");
            }

            days.Add(match[0]);
        }

        if (!TimeOnly.TryParseExact(request.Opens, "HH:mm", out var opens) || !TimeOnly.TryParseExact(request.Closes, "HH:mm", out var closes))
        {
            return ApiProblems.Invalid("opens", "opens and closes are local times as HH:mm (08:00, 18:00).");
        }

        var callerId = string.IsNullOrWhiteSpace(request.CallerIdNumber) ? null : PhoneNumbers.Normalize(request.CallerIdNumber);
        if (!string.IsNullOrWhiteSpace(request.CallerIdNumber) && callerId is null)
        {
            return ApiProblems.Invalid("callerIdNumber", "callerIdNumber is an E.164 number (+15555550100).");
        }

        try
        {
            var saved = await practices.SaveAsync(new UnitId(id), new OfficeHours(days, opens, closes), callerId, MessageEndpoints.Actor(user), cancellationToken);
            return saved is null ? ApiProblems.NotFound("unit") : Results.Ok(saved);
        }
        catch (DomainException exception)
        {
            return ApiProblems.Invalid(exception);
        }
    }

    private static IResult NoSuchCaller() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such message, or it has no answering-service caller.");

    private static IResult Problem(Result result, CallbackView? call = null)
    {
        var status = result.Code switch
        {
            "invalid-number" or "invalid-code" or "wrong-code" or "expired" or "no-code" or "number-changed" => StatusCodes.Status400BadRequest,
            "too-many-tries" or "rate-limited" => StatusCodes.Status429TooManyRequests,
            "telephony-not-configured" or "twilio-unavailable" => StatusCodes.Status503ServiceUnavailable,
            "twilio-refused" => StatusCodes.Status502BadGateway,
            _ => StatusCodes.Status409Conflict,
        };
        var extensions = new Dictionary<string, object?> { ["code"] = result.Code };
        if (call is not null)
        {
            extensions["callbackId"] = call.Id;
        }

        return Results.Problem(statusCode: status, title: result.Error, extensions: extensions);
    }
}
