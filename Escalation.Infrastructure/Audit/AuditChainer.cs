using Escalation.Infrastructure.Hosting;

namespace Escalation.Infrastructure.Audit;

/// <summary>
/// Links committed audit entries into the hash chain, in the order they became visible, a batch at a time under
/// the head row's lock. Every node runs it; the lock makes them take turns, so each entry is chained once.
/// </summary>
public sealed class AuditChainer(IDbContextFactory<EscalationDbContext> contexts, DatabaseOptions database)
{
    public async Task<int> ChainPendingAsync(int batchSize = 1000, CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // PostgreSQL and SQL Server: the row lock, held to the commit, orders chainers across nodes. SQLite: the
            // write transaction is already exclusive.
            var head = database.Provider switch
            {
                DatabaseProvider.Postgres => await db.AuditHeads.FromSqlRaw("SELECT * FROM \"AuditHead\" WHERE \"Id\" = 1 FOR UPDATE").SingleAsync(cancellationToken),
                DatabaseProvider.SqlServer => await db.AuditHeads.FromSqlRaw("SELECT * FROM [AuditHead] WITH (UPDLOCK, HOLDLOCK, ROWLOCK) WHERE [Id] = 1").SingleAsync(cancellationToken),
                _ => await db.AuditHeads.SingleAsync(h => h.Id == AuditHead.SingletonId, cancellationToken),
            };
            var pending = await db.AuditEntries.Where(e => e.Sequence == null).OrderBy(e => e.Id).Take(batchSize).ToListAsync(cancellationToken);
            if (pending.Count == 0)
            {
                return total;
            }

            foreach (var entry in pending)
            {
                entry.Chain(head.LastSequence + 1, head.LastHash);
                head.LastSequence = entry.Sequence!.Value;
                head.LastHash = entry.Hash!;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            total += pending.Count;
            if (pending.Count < batchSize)
            {
                return total;
            }
        }
    }
}

internal sealed class AuditChainService(AuditChainer chainer, TimeProvider clock, ILogger<AuditChainService> logger) : PollingService(clock, logger)
{
    // Entries wait at most about this long for their place in the chain.
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override string Work => "Chaining audit entries";

    protected override TimeSpan AfterFailure => TimeSpan.FromSeconds(1);

    protected override async Task<TimeSpan> StepAsync(CancellationToken cancellationToken)
    {
        await chainer.ChainPendingAsync(cancellationToken: cancellationToken);
        return Interval;
    }
}
