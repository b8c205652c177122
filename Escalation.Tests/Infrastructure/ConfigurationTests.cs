using Escalation.Infrastructure.Persistence;
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
    [InlineData("SqlServer", null, "not supported")]
    [InlineData("7", null, "not supported")]
    [InlineData("Postgres", null, "ConnectionStrings:Escalation is empty")]
    public void BadDatabaseSettings_FailWithAClearMessage(string provider, string? connectionString, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            DatabaseOptions.FromConfiguration(Config(("Database:Provider", provider), ("ConnectionStrings:Escalation", connectionString)), "/app"));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void MigrationScripts_ExistForEveryProvider_WithTheSameVersionsInOrder()
    {
        var sqlite = MigrationScript.For(DatabaseProvider.Sqlite);
        var postgres = MigrationScript.For(DatabaseProvider.Postgres);

        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite.Select(s => s.Version), postgres.Select(s => s.Version));
        Assert.Equal(sqlite.Select(s => s.Version).Order(), sqlite.Select(s => s.Version));
        Assert.Equal(1, sqlite[0].Version);
    }

    [Fact]
    public void MigrationChecksum_IgnoresLineEndings_ButNotContent()
    {
        var unix = new MigrationScript(1, "a", "CREATE TABLE x (id int);\nCREATE INDEX i ON x (id);\n");
        var windows = new MigrationScript(1, "a", "CREATE TABLE x (id int);\r\nCREATE INDEX i ON x (id);\r\n");
        var edited = new MigrationScript(1, "a", "CREATE TABLE x (id bigint);\nCREATE INDEX i ON x (id);\n");

        Assert.Equal(unix.Checksum, windows.Checksum);
        Assert.NotEqual(unix.Checksum, edited.Checksum);
    }

    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
