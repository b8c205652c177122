using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Fhir.Routing;

namespace Escalation.Web.Endpoints;

/// <summary>
/// <c>/api/admin/fhir/routing-rules</c>: the administrator's table that routes lab results by their performer or
/// requester (PractitionerRole, CareTeam) to a unit and clinical role, per source. Refusals change nothing: 400 for
/// a malformed rule or an unknown unit or role, 409 for a rule that exists already, 404 for an unknown id.
/// </summary>
internal static class FhirRoutingEndpoints
{
    public const string Path = "/api/admin/fhir/routing-rules";

    public static void MapFhirRoutingEndpoints(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup(Path).WithTags("FHIR routing").RequireAuthorization(ApiPolicies.Admin);
        rules.MapGet("", (FhirRoutingRules table, CancellationToken ct) => table.ListAsync(ct));
        rules.MapPost("", AddAsync);
        rules.MapPut("{id:guid}", ChangeAsync);
        rules.MapDelete("{id:guid}", RemoveAsync);
    }

    private static async Task<IResult> AddAsync(FhirRoutingRuleRequest request, ClaimsPrincipal user, FhirRoutingRules table, CancellationToken ct)
    {
        try
        {
            var rule = await table.AddAsync(request, MessageEndpoints.Actor(user), ct);
            return Results.Created($"{Path}/{rule.Id}", rule);
        }
        catch (EngineException exception)
        {
            return Problem(exception);
        }
    }

    private static async Task<IResult> ChangeAsync(Guid id, FhirRoutingRuleRequest request, ClaimsPrincipal user, FhirRoutingRules table, CancellationToken ct)
    {
        try
        {
            return await table.ChangeAsync(id, request, MessageEndpoints.Actor(user), ct) is { } rule ? Results.Ok(rule) : ApiProblems.NotFound("routing rule");
        }
        catch (EngineException exception)
        {
            return Problem(exception);
        }
    }

    private static async Task<IResult> RemoveAsync(Guid id, ClaimsPrincipal user, FhirRoutingRules table, CancellationToken ct) =>
        await table.RemoveAsync(id, MessageEndpoints.Actor(user), ct) ? Results.NoContent() : ApiProblems.NotFound("routing rule");

    private static IResult Problem(EngineException exception) => Results.Problem(
        statusCode: exception.Code == "duplicate-rule" ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
        title: "The routing rule cannot be saved",
        detail: exception.Message,
        extensions: new Dictionary<string, object?> { ["code"] = exception.Code });
}
