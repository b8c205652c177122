using Escalation.Infrastructure.Engine;
using Microsoft.Extensions.Configuration;

namespace Escalation.Tests.Cluster;

/// <summary>Which carrier each provider gets, and the settings refused at start-up with a message that names them.</summary>
[Trait("Category", "Unit")]
public sealed class ClusterOptionsTests
{
    [Fact]
    public void SqlServerPolls_PostgresListensUnlessToldToPoll_SqliteCarriesNothing()
    {
        var defaults = ClusterOptions.Read(Settings(), DatabaseProvider.Postgres);
        Assert.Equal(TimeSpan.FromMilliseconds(500), defaults.PollInterval);
        Assert.True(defaults.Polls(DatabaseProvider.SqlServer));
        Assert.False(defaults.Polls(DatabaseProvider.Postgres));
        Assert.False(defaults.Polls(DatabaseProvider.Sqlite));

        var polling = ClusterOptions.Read(Settings(("Notifications", "polling"), ("PollInterval", "00:00:00.200")), DatabaseProvider.Postgres);
        Assert.True(polling.Polls(DatabaseProvider.Postgres));
        Assert.False(polling.Polls(DatabaseProvider.Sqlite));
        Assert.Equal(TimeSpan.FromMilliseconds(200), polling.PollInterval);
    }

    [Theory]
    [InlineData("Notifications", "Broker", "Cluster:Notifications 'Broker'")]
    [InlineData("PollInterval", "00:00:00", "Cluster:PollInterval")]
    [InlineData("PollInterval", "00:01:00", "Cluster:PollInterval")]
    [InlineData("PollLookBack", "00:00:00.100", "Cluster:PollLookBack")]
    public void BadSettings_AreRefusedByName(string key, string value, string named)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => ClusterOptions.Read(Settings((key, value)), DatabaseProvider.SqlServer));
        Assert.Contains(named, refused.Message);
    }

    [Fact]
    public void NotifyOnSqlServer_IsRefused()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => ClusterOptions.Read(Settings(("Notifications", "Notify")), DatabaseProvider.SqlServer));
        Assert.Contains("SQL Server nodes poll", refused.Message);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create<string, string?>($"Cluster:{s.Key}", s.Value))).Build();
}
