using System.Data.Common;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace Escalation.Infrastructure.Persistence;

/// <summary>
/// The configured database server does not answer at start-up. Its message is the one line the process prints before
/// it exits: which server, and what to check; a stack trace of a refused connection would tell an operator nothing more.
/// </summary>
public sealed class DatabaseUnreachableException(string message, Exception inner) : Exception(message, inner)
{
    /// <summary>Opens and closes one connection to a server database, turning a failure into this exception.</summary>
    public static async Task ThrowIfUnreachableAsync(DatabaseOptions database, CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            return;
        }

        string server;
        DbConnection connection;
        if (database.Provider == DatabaseProvider.SqlServer)
        {
            server = new SqlConnectionStringBuilder(database.ConnectionString).DataSource;
            connection = new SqlConnection(database.ConnectionString);
        }
        else
        {
            var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString);
            server = $"{builder.Host}:{builder.Port}";
            connection = new NpgsqlConnection(database.ConnectionString);
        }

        await using (connection)
        {
            try
            {
                await connection.OpenAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is DbException or TimeoutException or System.Net.Sockets.SocketException or InvalidOperationException)
            {
                var reason = exception.Message.ReplaceLineEndings(" ").Trim();
                throw new DatabaseUnreachableException(
                    $"Cannot reach the {database.Provider} database server '{server}' (ConnectionStrings:Escalation): {reason}", exception);
            }
        }
    }
}
