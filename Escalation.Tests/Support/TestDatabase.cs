using Escalation.Infrastructure.Persistence.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escalation.Tests.Support;

/// <summary>
/// A fresh, empty database on a real provider: a temp SQLite file, a new database in the private PostgreSQL cluster,
/// or a new database on the live SQL Server of <see cref="SqlServerTestServer"/> (dropped again at the end).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqliteFolder;

    private TestDatabase(DatabaseOptions options, string? sqliteFolder)
    {
        Options = options;
        Contexts = new TestContextFactory(options);
        _sqliteFolder = sqliteFolder;
    }

    public DatabaseOptions Options { get; }

    public TestContextFactory Contexts { get; }

    public DatabaseProvider Provider => Options.Provider;

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var connectionString = await PostgresServer.Instance.CreateDatabaseAsync();
            return new TestDatabase(new DatabaseOptions(provider, connectionString), null);
        }

        if (provider == DatabaseProvider.SqlServer)
        {
            return new TestDatabase(new DatabaseOptions(provider, await SqlServerTestServer.CreateDatabaseAsync()), null);
        }

        var folder = Directory.CreateTempSubdirectory("escalation-sqlite-").FullName;
        // Pooling off: a pooled connection would keep the file open after the test and block its deletion.
        var sqlite = $"Data Source={Path.Combine(folder, "test.db")};Pooling=False";
        return new TestDatabase(new DatabaseOptions(provider, sqlite), folder);
    }

    public EscalationDbContext NewContext() => Contexts.CreateDbContext();

    /// <summary>The id of a demo unit by its code ("ED", "MED"), read straight from the database.</summary>
    public async Task<Guid> UnitIdAsync(string code)
    {
        await using var db = NewContext();
        return (await db.Units.SingleAsync(u => u.Code == code)).Id.Value;
    }

    /// <summary>The id of a person by their email ("nurse@demo.local").</summary>
    public async Task<string> UserIdAsync(string email)
    {
        await using var db = NewContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    /// <summary>How many messages are stored: a refused request must leave it as it was.</summary>
    public async Task<int> MessageCountAsync()
    {
        await using var db = NewContext();
        return await db.Messages.CountAsync();
    }

    /// <summary>Applies the provider's migrations as start-up does; returns the ids applied.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync()
    {
        await using var db = NewContext();
        return await new DatabaseMigrator(db, Options, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFolder is not null)
        {
            Directory.Delete(_sqliteFolder, recursive: true);
        }

        if (Provider == DatabaseProvider.SqlServer)
        {
            await SqlServerTestServer.DropDatabaseAsync(Options.ConnectionString);
        }
    }
}
