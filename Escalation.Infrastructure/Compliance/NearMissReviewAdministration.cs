using Escalation.Domain.Common;

namespace Escalation.Infrastructure.Compliance;

public sealed record NearMissReviewView(
    Guid Id, Guid MessageId, string Subject, Tier Tier, string UnitCode, DateTimeOffset OpenedAt, DateTimeOffset DueAt, bool IsOverdue,
    string? Findings, string? ClosedBy, DateTimeOffset? ClosedAt);

/// <summary>The compliance side of near-miss reviews: list them (overdue first), and close one with findings.</summary>
public sealed class NearMissReviewAdministration(IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<NearMissReviewView>> ListAsync(bool openOnly, int take = 100, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var query = db.Set<NearMissReview>().AsNoTracking();
        if (openOnly)
        {
            query = query.Where(r => r.ClosedAt == null);
        }

        var reviews = await query.ToListAsync(cancellationToken);
        var ids = reviews.Select(r => r.MessageId).ToList();
        var messages = await db.Messages.AsNoTracking().Where(m => ids.Contains(m.Id)).Select(m => new { m.Id, m.Subject, m.Tier, m.UnitId }).ToListAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Code, cancellationToken);
        return reviews
            .Select(r =>
            {
                var m = messages.Single(x => x.Id == r.MessageId);
                return new NearMissReviewView(r.Id, r.MessageId.Value, m.Subject, m.Tier, units.GetValueOrDefault(m.UnitId, "?"), r.OpenedAt, r.DueAt, r.IsOverdue(now),
                    r.Findings, r.ClosedBy, r.ClosedAt);
            })
            .OrderBy(r => r.ClosedAt is null ? 0 : 1).ThenByDescending(r => r.IsOverdue).ThenBy(r => r.DueAt)
            .Take(take)
            .ToList();
    }

    public async Task<int> OverdueCountAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return (await db.Set<NearMissReview>().AsNoTracking().Where(r => r.ClosedAt == null).ToListAsync(cancellationToken)).Count(r => r.IsOverdue(now));
    }

    public async Task<Result> CloseAsync(Guid id, string findings, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await AuditWriter.SaveAsync<Result>(db, async () =>
        {
            var review = await db.Set<NearMissReview>().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
            if (review is null)
            {
                return (Result.Fail("not-found", "No such review."), []);
            }

            var now = clock.GetUtcNow();
            if (!review.Close(findings, actor, now))
            {
                return (Result.Fail("invalid", review.ClosedAt is null ? "Write the findings (up to 4,000 characters) to close the review." : "This review is already closed."), []);
            }

            return (Result.Ok, [new AuditRecord(now, actor, "NearMissReviewClosed", review.MessageId.Value,
                Detail: $"{(now > review.DueAt ? "late, " : "")}findings: {(review.Findings!.Length > 500 ? review.Findings[..500] + "…" : review.Findings)}")]);
        }, cancellationToken);
    }
}
