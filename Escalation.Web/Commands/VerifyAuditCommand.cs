using Escalation.Infrastructure.Audit;
using Escalation.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Escalation.Web.Commands;

/// <summary>
/// <c>dotnet run --project Escalation.Web -- verify-audit</c>: verifies the whole audit chain of the configured
/// database and exits 0 when it is intact, 1 naming the first bad entry, 2 when it cannot read the database.
/// Read-only: entries written in the last moments and not chained yet are counted, not judged.
/// </summary>
internal static class VerifyAuditCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output)
    {
        try
        {
            await using (var scope = services.CreateAsyncScope())
            {
                var pending = await scope.ServiceProvider.GetRequiredService<Escalation.Infrastructure.Persistence.Migrations.DatabaseMigrator>().GetPendingAsync();
                if (pending.Count > 0)
                {
                    await output.WriteLineAsync($"Cannot verify the audit chain: the database lacks migration(s) {string.Join(", ", pending)}; start the app once to apply them.");
                    return 2;
                }
            }

            await using var db = await services.GetRequiredService<IDbContextFactory<EscalationDbContext>>().CreateDbContextAsync();
            var verdict = AuditWriter.Verify(db, signer: services.GetRequiredService<Escalation.Infrastructure.Audit.AuditCheckpointSigner>());
            var unchained = await db.AuditEntries.CountAsync(e => e.Sequence == null);
            if (verdict.IsIntact)
            {
                await output.WriteLineAsync($"Audit chain intact: {verdict.EntriesChecked} entries verified"
                    + (unchained > 0 ? $"; {unchained} written in the last moments are not chained yet." : "."));
                return 0;
            }

            await output.WriteLineAsync($"AUDIT CHAIN BROKEN at entry {verdict.FirstBadSequence}: {verdict.Problem} ({verdict.EntriesChecked} entries checked before it).");
            return 1;
        }
        catch (Exception exception) when (exception is InvalidOperationException or DbUpdateException or System.Data.Common.DbException)
        {
            await output.WriteLineAsync($"Cannot verify the audit chain: {exception.Message}");
            return 2;
        }
    }
}
