using Escalation.Infrastructure.Compliance;
using Escalation.Tests.RosterSync;

namespace Escalation.Tests.Engine;

/// <summary>Planned maintenance on the test clock: announced 30 minutes ahead, one inbox notice per person, under way, cancelled.</summary>
public abstract class MaintenanceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private RosterSyncHarness _harness = default!;
    private Maintenance _maintenance = default!;

    public async Task InitializeAsync()
    {
        _harness = await RosterSyncHarness.CreateAsync(provider);
        _maintenance = new Maintenance(_harness.Contexts, _harness.Notices, _harness.Clock);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Window_IsAnnouncedThirtyMinutesAhead_WithOneNoticePerPerson_ThenUnderWay()
    {
        var now = _harness.Clock.GetUtcNow();
        await _maintenance.ScheduleAsync(now.AddMinutes(45), now.AddMinutes(105), "Database upgrade", "Phone the charge nurse on 4400.", "u-admin");

        Assert.Null(await _maintenance.CurrentAsync());
        Assert.Equal(0, await _maintenance.SendNoticesAsync());

        _harness.Clock.Advance(TimeSpan.FromMinutes(15));
        var announced = await _maintenance.CurrentAsync();
        Assert.Equal((true, false), (announced!.IsAnnounced, announced.IsUnderway));
        Assert.Equal(RosterSyncHarness.People.Count, await _maintenance.SendNoticesAsync());
        Assert.Equal(0, await _maintenance.SendNoticesAsync());
        var notice = Assert.Single(await _harness.Notices.ForAsync("u-smith"));
        Assert.Contains("Phone the charge nurse on 4400.", notice.Body);

        _harness.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.True((await _maintenance.CurrentAsync())!.IsUnderway);
        _harness.Clock.Advance(TimeSpan.FromMinutes(60));
        Assert.Null(await _maintenance.CurrentAsync());
    }

    [Fact]
    public async Task CancelledWindow_IsNeitherAnnouncedNorNotified_AndBadInputIsRefused()
    {
        var now = _harness.Clock.GetUtcNow();
        var id = await _maintenance.ScheduleAsync(now.AddMinutes(10), now.AddMinutes(40), "Network work", "Use the phones.", "u-admin");

        Assert.True(await _maintenance.CancelAsync(id, "u-admin"));

        Assert.Null(await _maintenance.CurrentAsync());
        Assert.Equal(0, await _maintenance.SendNoticesAsync());
        await Assert.ThrowsAsync<ArgumentException>(() => _maintenance.ScheduleAsync(now.AddMinutes(40), now.AddMinutes(10), "Backwards", "x", "u-admin"));
        await Assert.ThrowsAsync<ArgumentException>(() => _maintenance.ScheduleAsync(now.AddMinutes(10), now.AddMinutes(40), "No fallback", " ", "u-admin"));
        await using var db = _harness.NewContext();
        Assert.Equal(["MaintenanceScheduled", "MaintenanceCancelled"], await db.AuditEntries.Where(e => e.Kind.StartsWith("Maintenance")).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteMaintenanceTests() : MaintenanceTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresMaintenanceTests() : MaintenanceTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerMaintenanceTests() : MaintenanceTests(DatabaseProvider.SqlServer);
