using Escalation.Domain.LabResults;
using Escalation.Infrastructure.LabResults;

namespace Escalation.Web.Endpoints;

/// <summary>A row of the critical limits table as the API takes it; <c>enabled</c> defaults to true.</summary>
public sealed record LabLimitRequest(string? LoincCode, string? Unit, string? Display, double? CriticalLow, double? CriticalHigh, double? AbnormalLow, double? AbnormalHigh, bool? Enabled)
{
    internal LabLimitInput ToInput() => new(LoincCode, Unit, Display, CriticalLow, CriticalHigh, AbnormalLow, AbnormalHigh, Enabled ?? true);
}

/// <summary><c>precedence</c>: MostSevereWins, LabFlagWins or LimitsWin.</summary>
public sealed record LabPolicyRequest(string? Precedence, bool? UrgentForAbnormal);

/// <summary>The site's critical limits table and detection policy: administrators only, every change audited.</summary>
internal static class LabRulesEndpoints
{
    public static void MapLabRulesEndpoints(this IEndpointRouteBuilder app)
    {
        var limits = app.MapGroup("/api/admin/lab-limits").WithTags("Lab limits").RequireAuthorization(ApiPolicies.Admin);
        limits.MapGet("", (LabLimitAdministration admin, CancellationToken ct) => admin.ListAsync(ct));
        limits.MapGet("{id:guid}", async (Guid id, LabLimitAdministration admin, CancellationToken ct) =>
            await admin.FindAsync(id, ct) is { } row ? Results.Ok(row) : ApiProblems.NotFound("lab limit"));
        limits.MapPost("", AddAsync);
        limits.MapPut("{id:guid}", ChangeAsync);
        limits.MapDelete("{id:guid}", RemoveAsync);
        limits.MapPost("reset-to-defaults", ResetAsync);

        var policy = app.MapGroup("/api/admin/lab-policy").WithTags("Lab limits").RequireAuthorization(ApiPolicies.Admin);
        policy.MapGet("", (LabLimitAdministration admin, CancellationToken ct) => admin.PolicyAsync(ct));
        policy.MapPut("", ChangePolicyAsync);
    }

    private static Task<IResult> AddAsync(LabLimitRequest request, ClaimsPrincipal user, LabLimitAdministration admin, CancellationToken ct) =>
        Refusing(async () =>
        {
            var row = await admin.AddAsync(request.ToInput(), MessageEndpoints.Actor(user), ct);
            return Results.Created($"/api/admin/lab-limits/{row.Id}", row);
        });

    private static Task<IResult> ChangeAsync(Guid id, LabLimitRequest request, ClaimsPrincipal user, LabLimitAdministration admin, CancellationToken ct) =>
        Refusing(async () => await admin.ChangeAsync(id, request.ToInput(), MessageEndpoints.Actor(user), ct) is { } row ? Results.Ok(row) : ApiProblems.NotFound("lab limit"));

    private static async Task<IResult> RemoveAsync(Guid id, ClaimsPrincipal user, LabLimitAdministration admin, CancellationToken ct) =>
        await admin.RemoveAsync(id, MessageEndpoints.Actor(user), ct) ? Results.NoContent() : ApiProblems.NotFound("lab limit");

    private static Task<IResult> ResetAsync(ClaimsPrincipal user, LabLimitAdministration admin, CancellationToken ct) =>
        Refusing(async () => Results.Ok(await admin.ResetToDefaultsAsync(MessageEndpoints.Actor(user), ct)));

    private static Task<IResult> ChangePolicyAsync(LabPolicyRequest request, ClaimsPrincipal user, LabLimitAdministration admin, CancellationToken ct)
    {
        if (!EnumNames.TryParse<FlagPrecedence>(request.Precedence, out var precedence))
        {
            return Task.FromResult(EnumNames.Invalid<FlagPrecedence>("precedence"));
        }

        if (request.UrgentForAbnormal is null)
        {
            return Task.FromResult(ApiProblems.Invalid("urgentForAbnormal", "Say whether abnormal, not critical, results send an Urgent message (true or false)."));
        }

        return Refusing(async () => Results.Ok(await admin.ChangePolicyAsync(precedence, request.UrgentForAbnormal.Value, MessageEndpoints.Actor(user), ct)));
    }

    private static async Task<IResult> Refusing(Func<Task<IResult>> change)
    {
        try
        {
            return await change();
        }
        catch (LabRulesException exception) when (exception.Code == "concurrent")
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: exception.Message, extensions: new Dictionary<string, object?> { ["code"] = exception.Code });
        }
        catch (LabRulesException exception)
        {
            return Results.ValidationProblem(exception.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }), detail: exception.Message, title: "The request is not valid",
                extensions: new Dictionary<string, object?> { ["code"] = exception.Code });
        }
    }
}
