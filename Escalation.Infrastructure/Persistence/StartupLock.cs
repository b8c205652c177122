using Npgsql;

namespace Escalation.Infrastructure.Persistence;

/// <summary>
/// Several nodes starting at once on one PostgreSQL would race to create the persona roles and the demo data;
/// a session-level advisory lock lets one node prepare the database while the others wait. SQLite is one node.
/// </summary>
internal static class StartupLock
{
    // Arbitrary, and different from the migrator's own lock, which is taken on another connection inside this one.
    private const long Key = 7_346_201_938;

    public static async Task<IAsyncDisposable> AcquireAsync(DatabaseOptions database, CancellationToken cancellationToken)
    {
        if (database.Provider != DatabaseProvider.Postgres)
        {
            return new Released(null);
        }

        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var command = new NpgsqlCommand($"SELECT pg_advisory_lock({Key})", connection))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new Released(connection);
    }

    private sealed class Released(NpgsqlConnection? connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (connection is null)
            {
                return;
            }

            // Closing the session releases its advisory locks, even if the unlock below never runs.
            await using (var command = new NpgsqlCommand($"SELECT pg_advisory_unlock({Key})", connection))
            {
                await command.ExecuteNonQueryAsync();
            }

            await connection.DisposeAsync();
        }
    }
}
