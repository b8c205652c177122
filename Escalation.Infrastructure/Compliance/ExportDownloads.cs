using Escalation.Infrastructure.Compliance.Exports;

namespace Escalation.Infrastructure.Compliance;

/// <summary>A workbook the compliance page made, kept for its owner to download.</summary>
public sealed record ExportDownload(Guid Token, string FileName, long Rows);

/// <summary>
/// The workbooks the compliance page makes in the background, kept in the database's stored-reports table until
/// their owner downloads them, so the link works on whichever node the download request reaches. Only the person
/// who asked can fetch one, and only for an hour. Making one is audited by <see cref="ComplianceExports"/>.
/// </summary>
/// <remarks>
/// A download is a <see cref="StoredReport"/> whose kind is <see cref="KindPrefix"/> plus its own id: the table's
/// unique (kind, period) index exists so a weekly report is made once, and two people exporting the same period
/// must not collide on it. The owner is <see cref="StoredReport.CreatedBy"/>; the expiry is an hour after
/// <see cref="StoredReport.CreatedAt"/>. Neither needs a column of its own, so no migration in three providers.
/// </remarks>
public sealed class ExportDownloads(IDbContextFactory<EscalationDbContext> contexts, ComplianceExports exports, TimeProvider clock)
{
    public const string KindPrefix = "export-";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>
    /// Writes the workbook to a temporary file off the caller's thread (the writer is synchronous and a page's
    /// circuit must stay responsive), then keeps it in the database. Expired downloads go first.
    /// </summary>
    public async Task<ExportDownload> MakeAsync(ExportKind kind, ExportFilter filter, string owner, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(Path.GetTempPath(), $"escalation-export-{Guid.NewGuid():N}.xlsx");
        try
        {
            var result = await Task.Run(async () =>
            {
                await using var file = File.Create(path);
                return await exports.WriteAsync(kind, filter, owner, file, progress, cancellationToken);
            }, cancellationToken);
            var content = await File.ReadAllBytesAsync(path, cancellationToken);
            var now = clock.GetUtcNow();
            var id = Guid.NewGuid();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await RemoveExpiredAsync(db, now, cancellationToken);
            db.StoredReports.Add(new StoredReport(id, KindPrefix + id.ToString("N"), ComplianceExports.Title(kind), result.FileName, filter.From, filter.To,
                content, result.Rows, result.Chain.IsIntact, owner, now));
            await db.SaveChangesAsync(cancellationToken);
            return new ExportDownload(id, result.FileName, result.Rows);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The workbook for its owner within the hour; null otherwise, so a stranger cannot tell it exists.</summary>
    public async Task<(string FileName, byte[] Content)?> FetchAsync(Guid token, string owner, CancellationToken cancellationToken = default)
    {
        var kind = KindPrefix + token.ToString("N");
        var notBefore = clock.GetUtcNow() - Lifetime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var file = await db.StoredReports.AsNoTracking()
            .Where(r => r.Id == token && r.Kind == kind && r.CreatedBy == owner && r.CreatedAt >= notBefore)
            .Select(r => new { r.FileName, r.Content }).SingleOrDefaultAsync(cancellationToken);
        return file is null ? null : (file.FileName, file.Content);
    }

    /// <summary>Downloads, unlike the weekly reports, are not records: an expired one is deleted by the next export on any node.</summary>
    private static async Task RemoveExpiredAsync(EscalationDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var notBefore = now - Lifetime;
        await db.StoredReports.Where(r => r.Kind.StartsWith(KindPrefix) && r.CreatedAt < notBefore).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>For the stored-report listing and downloads: weekly reports and the like, never someone's download.</summary>
    internal static IQueryable<StoredReport> Reports(EscalationDbContext db) => db.StoredReports.Where(r => !r.Kind.StartsWith(KindPrefix));
}
