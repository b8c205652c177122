namespace Escalation.Tests.Infrastructure.LegacyDatabase;

/// <summary>A fresh test database holding one of the checked-in databases of a hand-written-migrations release (README.md beside this file).</summary>
public static class LegacyFixture
{
    public static async Task<TestDatabase> RestoreAsync(DatabaseProvider provider, string name)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var folder = Path.Combine(RepositoryPaths.Root, "Escalation.Tests", "Infrastructure", "LegacyDatabase");
        if (provider == DatabaseProvider.Postgres)
        {
            PostgresServer.Instance.Restore(database.Options.ConnectionString, Path.Combine(folder, $"{name}.pgdump"));
        }
        else
        {
            File.Copy(Path.Combine(folder, $"{name}.sqlite"), new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.Options.ConnectionString).DataSource);
        }

        return database;
    }
}
