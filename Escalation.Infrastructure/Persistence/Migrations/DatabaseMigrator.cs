using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Escalation.Infrastructure.Persistence.Migrations;

/// <summary>
/// Applies the provider's EF Core migrations at start-up (docs/decisions/026). Forward-only: a database whose
/// history names a migration this build lacks was migrated by a newer release and stops the start. A database made
/// by the hand-written migrations (<c>__SchemaMigrations</c> at V0011, or at V0009 or V0010 and brought to V0011 by the
/// frozen <see cref="LegacyUpgradeSteps"/>) is first recorded as having applied the EF initial migration, which builds
/// that very schema, so it upgrades in place without losing a row.
/// </summary>
public sealed class DatabaseMigrator(EscalationDbContext db, DatabaseOptions options, ILogger<DatabaseMigrator> logger)
{
    public const string HistoryTable = HistoryRepository.DefaultTableName;

    // An arbitrary constant: all nodes starting at once take the same PostgreSQL advisory lock, so one migrates.
    private const long PostgresLockKey = 7_346_201_937;

    /// <summary>Applies what is pending and returns the ids applied (empty when the database was up to date).</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (options.Provider == DatabaseProvider.Postgres)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({PostgresLockKey})", cancellationToken);
            }
            else if (options.Provider == DatabaseProvider.Sqlite)
            {
                // WAL lets the scheduler and web requests read while another connection writes.
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", cancellationToken);
            }

            try
            {
                await AdoptHandWrittenHistoryAsync(connection, cancellationToken);
                var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
                var unknown = applied.Except(db.Database.GetMigrations()).ToList();
                if (unknown.Count > 0)
                {
                    throw new InvalidOperationException(
                        $"The database has migration {unknown[0]}, which this build does not know: it was migrated by a newer version.");
                }

                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                await db.Database.MigrateAsync(cancellationToken);
                foreach (var id in pending)
                {
                    logger.LogInformation("Applied {Provider} migration {Migration}", options.Provider, id);
                }

                return pending;
            }
            finally
            {
                if (options.Provider == DatabaseProvider.Postgres)
                {
                    await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({PostgresLockKey})", CancellationToken.None);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Migrations in the code that the database has not applied yet (empty when up to date).</summary>
    public async Task<IReadOnlyList<string>> GetPendingAsync(CancellationToken cancellationToken = default) =>
        (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();

    /// <summary>The last migration the database has applied, or null for an empty one.</summary>
    public async Task<string?> GetCurrentAsync(CancellationToken cancellationToken = default) =>
        (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).LastOrDefault();

    /// <summary>
    /// A database the hand-written migrations made, unedited and at V0009 or later, runs the legacy steps it lacks, gets
    /// the EF history with the initial migration recorded, and loses the old history, in one transaction (DDL is
    /// transactional on both providers, so a failure leaves the database as it was); other legacy states are refused.
    /// </summary>
    private async Task AdoptHandWrittenHistoryAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (options.Provider == DatabaseProvider.SqlServer || !await TableExistsAsync(connection, LegacySchemaHistory.Table, cancellationToken)
            || (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any())
        {
            return;
        }

        var legacy = new Dictionary<int, string>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = $"SELECT \"Version\", \"Checksum\" FROM \"{LegacySchemaHistory.Table}\"";
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                legacy[Convert.ToInt32(reader.GetValue(0))] = reader.GetString(1);
            }
        }

        var steps = LegacySchemaHistory.Verify(options.Provider, legacy);

        // The first migration of each set is the V0011 schema, generated from the same model (PersistenceTests prove both).
        var baseline = db.Database.GetMigrations().First();
        var history = db.GetService<IHistoryRepository>();
        var version = typeof(DbContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var dbTransaction = transaction.GetDbTransaction();
        foreach (var step in steps)
        {
            foreach (var sql in LegacyUpgradeSteps.For(step, options.Provider))
            {
                await ExecuteAsync(connection, dbTransaction, sql, cancellationToken);
            }

            logger.LogInformation("Ran hand-written migration V{Version:D4} on the {Provider} database before adopting the EF history", step, options.Provider);
        }

        await ExecuteAsync(connection, dbTransaction, history.GetCreateIfNotExistsScript(), cancellationToken);
        await ExecuteAsync(connection, dbTransaction, history.GetInsertScript(new HistoryRow(baseline, version)), cancellationToken);
        await ExecuteAsync(connection, dbTransaction, $"DROP TABLE \"{LegacySchemaHistory.Table}\"", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Recorded the hand-written history V0001-V{Last:D4} as {Provider} migration {Migration}", LegacySchemaHistory.LastVersion, options.Provider, baseline);
    }

    private async Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = options.Provider == DatabaseProvider.Postgres
            ? $"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '{table}'"
            : $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) > 0;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
