using Escalation.Domain.Audit;
using Escalation.Infrastructure.Audit;
using Escalation.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Escalation.Infrastructure.Compliance;

/// <summary>A stored weekly exception report as the compliance page lists it.</summary>
public sealed record WeeklyReportView(Guid Id, string Title, DateTimeOffset PeriodFrom, long Rows, bool ChainIntact);

/// <summary>
/// What the compliance page reads besides reviews and exports: the stored weekly reports, and the audit chain's
/// verdict (the same walk as <c>verify-audit</c> from a shell), so the page opens no database context itself.
/// </summary>
public sealed class ComplianceRecords(IDbContextFactory<EscalationDbContext> contexts, AuditCheckpointSigner signer)
{
    public async Task<IReadOnlyList<WeeklyReportView>> WeeklyReportsAsync(int take = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return (await db.StoredReports.AsNoTracking().OrderByDescending(r => r.PeriodFrom).Take(take)
                .Select(r => new { r.Id, r.Title, r.PeriodFrom, r.Rows, r.ChainIntact }).ToListAsync(cancellationToken))
            .Select(r => new WeeklyReportView(r.Id, r.Title, r.PeriodFrom, r.Rows, r.ChainIntact)).ToList();
    }

    /// <summary>Walks the whole chain on a worker thread: a long trail takes a while, and a page's circuit must stay responsive.</summary>
    public Task<AuditVerification> VerifyAuditAsync() => Task.Run(async () =>
    {
        await using var db = await contexts.CreateDbContextAsync();
        return AuditWriter.Verify(db, signer: signer);
    });
}
