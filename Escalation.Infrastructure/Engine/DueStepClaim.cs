namespace Escalation.Infrastructure.Engine;

/// <summary>
/// Claims a batch of due messages for the caller's transaction, oldest deadline first, through the
/// <c>(State, DeadlineAt)</c> index. On PostgreSQL and SQL Server the rows stay locked until the batch commits and
/// rows another node holds are skipped, not waited for, so two nodes never take the same message and never queue
/// behind each other. SQLite has one writer: the batch's transaction (<c>BEGIN IMMEDIATE</c>) already excludes
/// every other step.
/// </summary>
public static class DueStepClaim
{
    /// <summary>PostgreSQL: {0} the cutoff, {1} the batch size.</summary>
    public const string PostgresSql =
        "SELECT \"Id\" AS \"Value\" FROM \"Messages\" WHERE \"State\" = 'Open' AND \"DeadlineAt\" <= {0} "
        + "ORDER BY \"DeadlineAt\" LIMIT {1} FOR UPDATE SKIP LOCKED";

    /// <summary>SQL Server: READPAST skips rows locked by another node, UPDLOCK holds ours to the commit.</summary>
    public const string SqlServerSql =
        "SELECT TOP ({1}) [Id] AS [Value] FROM [Messages] WITH (UPDLOCK, READPAST, ROWLOCK) "
        + "WHERE [State] = N'Open' AND [DeadlineAt] <= {0} ORDER BY [DeadlineAt]";

    public static async Task<List<MessageId>> ClaimAsync(EscalationDbContext db, DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            return (await db.Database.SqlQueryRaw<Guid>(PostgresSql, cutoff, limit).ToListAsync(cancellationToken)).ConvertAll(id => new MessageId(id));
        }

        if (db.Database.IsSqlServer())
        {
            return (await db.Database.SqlQueryRaw<Guid>(SqlServerSql, cutoff, limit).ToListAsync(cancellationToken)).ConvertAll(id => new MessageId(id));
        }

        return await db.Messages
            .Where(m => m.State == MessageState.Open && m.DeadlineAt != null && m.DeadlineAt <= cutoff)
            .OrderBy(m => m.DeadlineAt)
            .Select(m => m.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
    }
}
