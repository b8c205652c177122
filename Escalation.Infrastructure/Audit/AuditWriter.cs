using Escalation.Domain.Audit;

namespace Escalation.Infrastructure.Audit;

public sealed record AuditRecord(DateTimeOffset At, string Actor, string Kind, Guid? MessageId = null, int? Layer = null, string? Channel = null, string? Detail = null);

/// <summary>Appends to the audit trail inside the caller's transaction; the entries commit with the change they describe.</summary>
public static class AuditWriter
{
    public static void Append(EscalationDbContext db, IReadOnlyList<AuditRecord> records)
    {
        if (records.Count == 0)
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Audit entries are appended inside the transaction of the change they record.");
        }

        foreach (var record in records)
        {
            db.AuditEntries.Add(new AuditEntry(record.At, record.Actor, record.Kind, record.MessageId, record.Layer, record.Channel, record.Detail));
        }
    }

    /// <summary>
    /// Commits what <paramref name="db"/> tracks together with the audit entries that describe it, in one
    /// transaction: the one way to make an audited change, so no change is stored without its entry, nor the reverse.
    /// </summary>
    public static async Task SaveAsync(EscalationDbContext db, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Append(db, records);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// A change that reads what it changes inside its transaction (the row it checks is the row it writes):
    /// <paramref name="change"/> runs in the transaction and answers its result and the entries that describe what it
    /// did. With entries, the change and the entries commit together; with none, nothing changed and nothing commits.
    /// </summary>
    public static async Task<T> SaveAsync<T>(EscalationDbContext db, Func<Task<(T Result, IReadOnlyList<AuditRecord> Records)>> change, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (result, records) = await change();
        if (records.Count == 0)
        {
            return result;
        }

        Append(db, records);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>An audit entry that stands alone (a refusal, a failed send): its own context and transaction.</summary>
    public static async Task RecordAsync(IDbContextFactory<EscalationDbContext> contexts, AuditRecord record, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await SaveAsync(db, [record], cancellationToken);
    }

    /// <summary>
    /// Verifies the chained trail in sequence order, and that it ends where the head says it does: removing the
    /// newest entries leaves an intact chain behind, but not one that matches the head. Entries not chained yet
    /// (the last moments' writes) are not part of the verdict; chain them first to include them.
    /// </summary>
    /// <remarks>
    /// After a retention purge the chain starts at the latest signed checkpoint; its signature needs
    /// <paramref name="signer"/>, and a checkpoint that does not verify (or cannot be checked) fails the chain.
    /// </remarks>
    public static AuditVerification Verify(EscalationDbContext db, Action<AuditEntry, string?>? onEntry = null, AuditCheckpointSigner? signer = null)
    {
        var head = db.AuditHeads.AsNoTracking().Single(h => h.Id == AuditHead.SingletonId);
        var anchor = AuditRetention.AnchorAsync(db, signer).GetAwaiter().GetResult();
        if (anchor is null)
        {
            var checkpoint = db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.ThroughSequence).First();
            return new AuditVerification(false, 0, checkpoint.ThroughSequence,
                $"The retention checkpoint for entries {checkpoint.FromSequence} to {checkpoint.ThroughSequence} is not signed with this site's key: entries may have been removed without a purge.");
        }

        var chain = AuditChain.Verify(db.AuditEntries.AsNoTracking().Where(e => e.Sequence != null && e.Sequence > anchor.Sequence && e.Sequence <= head.LastSequence)
            .OrderBy(e => e.Sequence).AsAsyncEnumerable().ToBlockingEnumerable(), anchor, onEntry);
        if (!chain.IsIntact)
        {
            return chain;
        }

        var last = db.AuditEntries.AsNoTracking().Where(e => e.Sequence != null && e.Sequence <= head.LastSequence)
            .OrderByDescending(e => e.Sequence).FirstOrDefault();
        var lastSequence = last?.Sequence ?? anchor.Sequence;
        if (lastSequence != head.LastSequence || (last?.Hash ?? anchor.Hash) != head.LastHash)
        {
            return new AuditVerification(false, chain.EntriesChecked, lastSequence + 1,
                $"The trail ends at entry {lastSequence} but entry {head.LastSequence} was written: the newest entries were removed.");
        }

        return chain;
    }
}
