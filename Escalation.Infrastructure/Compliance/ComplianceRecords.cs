using Escalation.Domain.Audit;

namespace Escalation.Infrastructure.Compliance;

/// <summary>A stored report as the compliance page and <c>GET /api/compliance/reports</c> list it (without its workbook).</summary>
public sealed record StoredReportView(
    Guid Id, string Kind, string Title, string FileName, DateTimeOffset PeriodFrom, DateTimeOffset PeriodTo, long Rows, bool ChainIntact, DateTimeOffset CreatedAt);

/// <summary>
/// What the compliance page and its endpoints read besides reviews and exports: the stored reports, and the audit
/// chain's verdict (the same walk as <c>verify-audit</c> from a shell), so neither opens a database context itself.
/// </summary>
public sealed class ComplianceRecords(IDbContextFactory<EscalationDbContext> contexts, AuditCheckpointSigner signer)
{
    /// <summary>The newest first; people's downloads are theirs alone and not listed.</summary>
    public async Task<IReadOnlyList<StoredReportView>> StoredReportsAsync(int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ExportDownloads.Reports(db).AsNoTracking().OrderByDescending(r => r.PeriodFrom).Take(take)
            .Select(r => new StoredReportView(r.Id, r.Kind, r.Title, r.FileName, r.PeriodFrom, r.PeriodTo, r.Rows, r.ChainIntact, r.CreatedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>One stored workbook to download; null when there is no such report (a download's id included).</summary>
    public async Task<(string FileName, byte[] Content)?> StoredReportFileAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var report = await ExportDownloads.Reports(db).AsNoTracking().Where(r => r.Id == id)
            .Select(r => new { r.FileName, r.Content }).SingleOrDefaultAsync(cancellationToken);
        return report is null ? null : (report.FileName, report.Content);
    }

    /// <summary>Walks the whole chain on a worker thread: a long trail takes a while, and a page's circuit must stay responsive.</summary>
    public Task<AuditVerification> VerifyAuditAsync() => Task.Run(async () =>
    {
        await using var db = await contexts.CreateDbContextAsync();
        return AuditWriter.Verify(db, signer: signer);
    });
}
