using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Escalation.Web.Endpoints;

internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post: binding the form makes the endpoint validate its antiforgery token, so a page elsewhere
        // cannot sign somebody out.
        app.MapPost("/account/logout", async (IFormCollection form, HttpContext context, IdleSessionTracker idle) =>
        {
            await EndSessionAsync(context, idle);
            return Results.LocalRedirect($"{AuthenticationSetup.LoginPath}?signedOut=1");
        });

        // Where an idle tab is sent. It only clears a session that is already over, so a link to it cannot sign
        // out somebody who is working.
        app.MapGet(AuthenticationSetup.SessionExpiredPath, async (HttpContext context, IdleSessionTracker idle) =>
        {
            var sessionId = context.User.FindFirstValue(SessionClaims.SessionId);
            if (context.User.Identity?.IsAuthenticated == true && sessionId is not null && !idle.IsExpired(sessionId))
            {
                return Results.LocalRedirect("/");
            }

            await EndSessionAsync(context, idle);
            return Results.LocalRedirect($"{AuthenticationSetup.LoginPath}?expired=1");
        }).AllowAnonymous();

        // The browser reports keyboard and pointer use here; it keeps the session (and the sliding cookie) alive.
        app.MapPost("/api/session/activity", (ClaimsPrincipal user, IdleSessionTracker idle) =>
        {
            var sessionId = user.FindFirstValue(SessionClaims.SessionId);
            if (sessionId is null)
            {
                return Results.Unauthorized();
            }

            idle.Touch(sessionId);
            return Results.Ok(new { idleTimeoutSeconds = (int)idle.IdleTimeout.TotalSeconds });
        }).DisableAntiforgery();
    }

    private static async Task EndSessionAsync(HttpContext context, IdleSessionTracker idle)
    {
        if (context.User.FindFirstValue(SessionClaims.SessionId) is { } sessionId)
        {
            idle.End(sessionId);
        }

        await context.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}
