using Escalation.Infrastructure.Access;
using Escalation.Infrastructure.Metrics;

namespace Escalation.Web.Endpoints;

/// <summary>GET /api/metrics: the same figures the dashboard charts, from the same domain computation.</summary>
internal static class MetricsEndpoints
{
    public static void MapMetricsEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/metrics", ReportAsync).WithTags("Metrics").RequireAuthorization(ApiPolicies.Board);

    private static async Task<IResult> ReportAsync(
        DateTimeOffset? from, DateTimeOffset? to, Guid? unitId, string? tier, ClaimsPrincipal user, MetricsQueries metrics, MessageAccess access, TimeProvider clock,
        CancellationToken ct)
    {
        var end = to ?? clock.GetUtcNow();
        var start = from ?? end.AddDays(-30);
        if (start >= end || end - start > TimeSpan.FromDays(800))
        {
            return ApiProblems.Invalid("from", "from is before to, and the range is at most 800 days.");
        }

        if (!EnumNames.TryParseOptional<Tier>(tier, "tier", out var wanted, out var problem))
        {
            return problem!;
        }

        var scope = Scope(await MessageEndpoints.CallerAsync(user, access, ct), unitId);
        if (scope is { Allowed: false })
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "A charge nurse sees the metrics of their own unit.");
        }

        return Results.Ok(await metrics.ReportAsync(start, end, scope.UnitId, wanted, ct));
    }

    /// <summary>Administrators and compliance see any unit or all; a charge nurse sees their home unit only (<see cref="MessageAccess.UnitScope"/>).</summary>
    internal static (bool Allowed, Guid? UnitId) Scope(Caller caller, Guid? unitId)
    {
        if (MessageAccess.UnitScope(caller) is not { } units)
        {
            return (true, unitId);
        }

        var home = units.Select(u => (Guid?)u.Value).FirstOrDefault();
        return home is null || (unitId is not null && unitId != home) ? (false, null) : (true, home);
    }
}
