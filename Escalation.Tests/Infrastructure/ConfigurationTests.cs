using Escalation.Infrastructure.Persistence.Migrations;
using Microsoft.Extensions.Configuration;

namespace Escalation.Tests.Infrastructure;

[Trait("Category", "Unit")]
public sealed class ConfigurationTests
{
    [Fact]
    public void DefaultStore_IsASqliteFileUnderDataInTheContentRoot_CreatedOnFirstRun()
    {
        var contentRoot = Directory.CreateTempSubdirectory("escalation-root-").FullName;
        try
        {
            var options = DatabaseOptions.FromConfiguration(new ConfigurationBuilder().Build(), contentRoot);

            Assert.Equal(DatabaseProvider.Sqlite, options.Provider);
            Assert.Contains(Path.Combine(contentRoot, "data", "escalation.db"), options.ConnectionString);
            Assert.True(Directory.Exists(Path.Combine(contentRoot, "data")));
        }
        finally
        {
            Directory.Delete(contentRoot, recursive: true);
        }
    }

    [Fact]
    public void Postgres_IsChosenByConfigurationAlone()
    {
        var options = DatabaseOptions.FromConfiguration(Config(("Database:Provider", "postgres"), ("ConnectionStrings:Escalation", "Host=db;Database=escalation")), "/app");

        Assert.Equal(DatabaseProvider.Postgres, options.Provider);
        Assert.Equal("Host=db;Database=escalation", options.ConnectionString);
    }

    [Theory]
    [InlineData("Oracle", null, "not supported")]
    [InlineData("SqlServer", null, "ConnectionStrings:Escalation is empty")]
    [InlineData("7", null, "not supported")]
    [InlineData("Postgres", null, "ConnectionStrings:Escalation is empty")]
    public void BadDatabaseSettings_FailWithAClearMessage(string provider, string? connectionString, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            DatabaseOptions.FromConfiguration(Config(("Database:Provider", provider), ("ConnectionStrings:Escalation", connectionString)), "/app"));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void MigrationSets_ExistForEveryProvider_WithTheSameMigrationsInOrder_AndNoModelChangeLeftOut()
    {
        var names = new Dictionary<DatabaseProvider, IReadOnlyList<string>>();
        foreach (var provider in Enum.GetValues<DatabaseProvider>())
        {
            using var db = new Escalation.Infrastructure.Persistence.Migrations.DesignTimeContextFactory().CreateDbContext(["--provider", provider.ToString()]);
            var ids = db.Database.GetMigrations().ToList();
            Assert.NotEmpty(ids);
            // dotnet-ef's own check: the provider's snapshot is the model, so no migration is missing for a model change.
            Assert.False(db.Database.HasPendingModelChanges(), $"{provider}: the model has changes no migration holds; add one (README).");
            names[provider] = ids.Select(id => id[15..]).ToList();
        }

        Assert.Equal(names[DatabaseProvider.Sqlite], names[DatabaseProvider.Postgres]);
        Assert.Equal(names[DatabaseProvider.Sqlite], names[DatabaseProvider.SqlServer]);
        Assert.Equal("Initial", names[DatabaseProvider.Sqlite][0]);
    }

    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
