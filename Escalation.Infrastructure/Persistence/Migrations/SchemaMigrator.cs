using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace Escalation.Infrastructure.Persistence.Migrations;

/// <summary>
/// Applies the hand-written migrations of the configured provider at start-up (docs/decisions/002).
/// Forward-only: an applied migration is never changed; one whose checksum differs stops the start,
/// because the database would no longer be what the code expects.
/// </summary>
public sealed class SchemaMigrator(EscalationDbContext db, DatabaseOptions options, TimeProvider clock, ILogger<SchemaMigrator> logger)
{
    public const string HistoryTable = "__SchemaMigrations";

    // An arbitrary constant: all nodes starting at once take the same PostgreSQL advisory lock, so one migrates.
    private const long PostgresLockKey = 7_346_201_937;

    public Task<IReadOnlyList<MigrationScript>> MigrateAsync(CancellationToken cancellationToken = default) => MigrateAsync(int.MaxValue, cancellationToken);

    /// <summary>Applies pending migrations up to and including <paramref name="upToVersion"/>: lets a test build yesterday's schema and upgrade it.</summary>
    public async Task<IReadOnlyList<MigrationScript>> MigrateAsync(int upToVersion, CancellationToken cancellationToken = default)
    {
        var scripts = MigrationScript.For(options.Provider).Where(s => s.Version <= upToVersion).ToList();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (options.Provider == DatabaseProvider.Postgres)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({PostgresLockKey})", cancellationToken);
            }
            else
            {
                // WAL lets the scheduler and web requests read while another connection writes.
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", cancellationToken);
            }

            try
            {
                await ExecuteAsync(connection, null, CreateHistoryTableSql(), cancellationToken);
                var applied = await ReadAppliedAsync(connection, null, cancellationToken);
                VerifyApplied(scripts, applied);

                var pending = scripts.Where(s => !applied.ContainsKey(s.Version)).ToList();
                foreach (var script in pending)
                {
                    await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                    var dbTransaction = transaction.GetDbTransaction();
                    await ExecuteAsync(connection, dbTransaction, script.Sql, cancellationToken);
                    await using (var insert = connection.CreateCommand())
                    {
                        insert.Transaction = dbTransaction;
                        insert.CommandText =
                            $"INSERT INTO \"{HistoryTable}\" (\"Version\", \"Name\", \"Checksum\", \"AppliedAt\") VALUES (@v, @n, @c, @a)";
                        AddParameter(insert, "@v", script.Version);
                        AddParameter(insert, "@n", script.Name);
                        AddParameter(insert, "@c", script.Checksum);
                        AddParameter(insert, "@a", clock.GetUtcNow().ToString("O"));
                        await insert.ExecuteNonQueryAsync(cancellationToken);
                    }

                    await transaction.CommitAsync(cancellationToken);
                    logger.LogInformation("Applied {Provider} migration V{Version:D4} {Name}", options.Provider, script.Version, script.Name);
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
    public async Task<IReadOnlyList<MigrationScript>> GetPendingAsync(CancellationToken cancellationToken = default)
    {
        var scripts = MigrationScript.For(options.Provider);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (!await HistoryTableExistsAsync(connection, cancellationToken))
            {
                return scripts;
            }

            var applied = await ReadAppliedAsync(connection, null, cancellationToken);
            return scripts.Where(s => !applied.ContainsKey(s.Version)).ToList();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static void VerifyApplied(IReadOnlyList<MigrationScript> scripts, IReadOnlyDictionary<int, string> applied)
    {
        foreach (var (version, checksum) in applied)
        {
            var script = scripts.FirstOrDefault(s => s.Version == version);
            if (script is null)
            {
                throw new InvalidOperationException(
                    $"The database has migration V{version:D4}, which this build does not know: it was migrated by a newer version.");
            }

            if (!string.Equals(script.Checksum, checksum, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"Migration V{version:D4} {script.Name} was changed after it was applied. Migrations are forward-only: add a new one instead.");
            }
        }
    }

    private string CreateHistoryTableSql() => options.Provider == DatabaseProvider.Postgres
        ? $"CREATE TABLE IF NOT EXISTS \"{HistoryTable}\" (\"Version\" integer PRIMARY KEY, \"Name\" text NOT NULL, \"Checksum\" text NOT NULL, \"AppliedAt\" text NOT NULL)"
        : $"CREATE TABLE IF NOT EXISTS \"{HistoryTable}\" (\"Version\" INTEGER NOT NULL PRIMARY KEY, \"Name\" TEXT NOT NULL, \"Checksum\" TEXT NOT NULL, \"AppliedAt\" TEXT NOT NULL)";

    private async Task<bool> HistoryTableExistsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = options.Provider == DatabaseProvider.Postgres
            ? $"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '{HistoryTable}'"
            : $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{HistoryTable}'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) > 0;
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(
        DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT \"Version\", \"Checksum\" FROM \"{HistoryTable}\"";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[Convert.ToInt32(reader.GetValue(0))] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
