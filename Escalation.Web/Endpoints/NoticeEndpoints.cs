using Escalation.Infrastructure.Notices;

namespace Escalation.Web.Endpoints;

/// <summary>A person's own notices (stale sources, roster gaps, reports ready, maintenance): read them, mark one read.</summary>
internal static class NoticeEndpoints
{
    public static void MapNoticeEndpoints(this IEndpointRouteBuilder app)
    {
        var notices = app.MapGroup("/api/notices").WithTags("Notices").RequireAuthorization(ApiPolicies.People);
        notices.MapGet("", (ClaimsPrincipal user, NoticeBoard board, CancellationToken ct) => board.ForAsync(MessageEndpoints.Actor(user), 50, ct));
        notices.MapPost("{id:guid}/read", async (Guid id, ClaimsPrincipal user, NoticeBoard board, CancellationToken ct) =>
            await board.MarkReadAsync(MessageEndpoints.Actor(user), id, ct) ? Results.NoContent() : ApiProblems.NotFound("notice"));
    }
}
