using Escalation.Domain.Audit;
using Escalation.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Escalation.Infrastructure.Audit;

public sealed record AuditRecord(DateTimeOffset At, string Actor, string Kind, Guid? MessageId = null, int? Layer = null, string? Channel = null, string? Detail = null);

/// <summary>Appends to the hash chain inside the caller's transaction; the entries commit with the change they describe.</summary>
public static class AuditWriter
{
    public static async Task AppendAsync(EscalationDbContext db, DatabaseProvider provider, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Audit entries are appended inside the transaction of the change they record.");
        }

        // PostgreSQL: the row lock orders appenders across nodes. SQLite: the write transaction is already exclusive.
        var head = provider == DatabaseProvider.Postgres
            ? await db.AuditHeads.FromSqlRaw("SELECT * FROM \"AuditHead\" WHERE \"Id\" = 1 FOR UPDATE").SingleAsync(cancellationToken)
            : await db.AuditHeads.SingleAsync(h => h.Id == AuditHead.SingletonId, cancellationToken);

        foreach (var record in records)
        {
            var entry = new AuditEntry(head.LastSequence + 1, record.At, record.Actor, record.Kind, record.MessageId, record.Layer, record.Channel, record.Detail, head.LastHash);
            db.AuditEntries.Add(entry);
            head.LastSequence = entry.Sequence;
            head.LastHash = entry.Hash;
        }
    }

    /// <summary>
    /// Verifies the whole chain, streaming it in sequence order, and that it ends where the head says it does:
    /// removing the newest entries leaves an intact chain behind, but not one that matches the head.
    /// </summary>
    public static AuditVerification Verify(EscalationDbContext db)
    {
        var head = db.AuditHeads.AsNoTracking().Single(h => h.Id == AuditHead.SingletonId);
        var chain = AuditChain.Verify(db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().ToBlockingEnumerable());
        if (!chain.IsIntact)
        {
            return chain;
        }

        var last = db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefault();
        var lastSequence = last?.Sequence ?? 0;
        if (lastSequence != head.LastSequence || (last?.Hash ?? AuditEntry.GenesisHash) != head.LastHash)
        {
            return new AuditVerification(false, chain.EntriesChecked, lastSequence + 1,
                $"The trail ends at entry {lastSequence} but entry {head.LastSequence} was written: the newest entries were removed.");
        }

        return chain;
    }
}
