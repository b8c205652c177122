using Microsoft.Data.SqlClient;

namespace Escalation.Tests.Support;

/// <summary>
/// The live SQL Server the SqlServer category runs against, named by <c>ConnectionStrings__SqlServerTests</c> (a
/// login that may create databases). None runs on our machines, so the category is left out of scripts/test.sh
/// unless that is set; run without it, every test of the category fails here, loudly, rather than passing unseen.
/// </summary>
public static class SqlServerTestServer
{
    public const string Variable = "ConnectionStrings__SqlServerTests";

    public static async Task<string> CreateDatabaseAsync()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"The SqlServer tests need a live SQL Server: set {Variable}=\"Server=...;User Id=...;Password=...;TrustServerCertificate=true\" (README, \"SQL Server\").");
        }

        var name = $"t_{Guid.NewGuid():N}";
        var builder = new SqlConnectionStringBuilder(server) { InitialCatalog = "master" };
        await using (var connection = new SqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new SqlCommand($"CREATE DATABASE [{name}]", connection);
            await command.ExecuteNonQueryAsync();
        }

        builder.InitialCatalog = name;
        return builder.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        SqlConnection.ClearAllPools();
        var builder = new SqlConnectionStringBuilder(connectionString);
        var name = builder.InitialCatalog;
        builder.InitialCatalog = "master";
        await using var connection = new SqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new SqlCommand($"ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}]", connection);
        await command.ExecuteNonQueryAsync();
    }
}
