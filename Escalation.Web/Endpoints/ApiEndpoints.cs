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

        // Units and their clinical roles, with the ids messages are addressed to (people and integrations).
        app.MapGet("/api/units", (OrganisationDirectory directory, CancellationToken ct) => directory.GetUnitsAsync(ct))
            .RequireAuthorization(ApiPolicies.PeopleOrIntegrations)
            .WithTags("Organisation");
    }
}
