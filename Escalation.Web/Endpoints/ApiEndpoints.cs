using System.Security.Claims;
using Escalation.Web.Security;

namespace Escalation.Web.Endpoints;

internal static class ApiEndpoints
{
    public static void MapApiEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization();
        api.MapGet("/me", (ClaimsPrincipal user) => Results.Ok(new
        {
            email = user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name,
            role = AuthenticationSetup.RoleOf(user),
        }));
    }
}
