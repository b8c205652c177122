using System.Data.Common;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace Escalation.Infrastructure.Persistence;

/// <summary>
/// Several nodes starting at once on one PostgreSQL or SQL Server would race to create the persona roles and the
/// demo data; a session-level lock (a PostgreSQL advisory lock, a SQL Server application lock) lets one node prepare
/// the database while the others wait. SQLite is one node.
/// </summary>
internal static class StartupLock
{
    // Arbitrary, and different from the migrator's own lock, which is taken on another connection inside this one.
    private const long Key = 7_346_201_938;

    private const string SqlServerResource = "escalation-startup";

    public static async Task<IAsyncDisposable> AcquireAsync(DatabaseOptions database, CancellationToken cancellationToken)
    {
        var (connection, take) = database.Provider switch
        {
            DatabaseProvider.Postgres => ((DbConnection)new NpgsqlConnection(database.ConnectionString), $"SELECT pg_advisory_lock({Key})"),
            DatabaseProvider.SqlServer => (new SqlConnection(database.ConnectionString),
                $"EXEC sp_getapplock @Resource = '{SqlServerResource}', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1"),
            _ => ((DbConnection?)null, ""),
        };
        if (connection is null)
        {
            return new Released(null, "");
        }

        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, take, cancellationToken);
        return new Released(connection, database.Provider == DatabaseProvider.Postgres
            ? $"SELECT pg_advisory_unlock({Key})"
            : $"EXEC sp_releaseapplock @Resource = '{SqlServerResource}', @LockOwner = 'Session'");
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class Released(DbConnection? connection, string release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (connection is null)
            {
                return;
            }

            // Closing the session releases its locks, even if the release below never runs.
            await ExecuteAsync(connection, release, CancellationToken.None);
            await connection.DisposeAsync();
        }
    }
}
