namespace Escalation.Tests.Engine;

/// <summary>
/// The real app with Quartz's persistent store on a SQLite file, driven by the test clock (Quartz takes the
/// container's TimeProvider): deadlines fire through Quartz, and triggers outlive the process that armed them.
/// </summary>
[Trait("Category", "Sqlite")]
public sealed class QuartzRestartTests : IAsyncLifetime
{
    private TestDatabase _database = default!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task QuartzTrigger_FiresTheDeadline_WhenTheClockReachesIt()
    {
        await using var app = new AppHost(_database.Options).Start();
        var id = await SendCriticalAsync(app, "quartz-1");

        app.Clock.Advance(TimeSpan.FromMinutes(3));

        await Eventually.UntilAsync(() => LayerOfAsync(id), layer => layer == 2, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task AfterARestartPastTheDeadlines_EveryOverdueStepFiresOnce()
    {
        var clock = new TestClock();
        var ids = new List<Guid>();
        await using (var first = new AppHost(_database.Options, clock: clock).Start())
        {
            for (var i = 0; i < 10; i++)
            {
                ids.Add(await SendCriticalAsync(first, $"restart-{i}"));
            }
        }

        // Down for four minutes: every layer-1 deadline passed while nobody was running.
        clock.Advance(TimeSpan.FromMinutes(4));
        await using var second = new AppHost(_database.Options, clock: clock).Start();

        foreach (var id in ids)
        {
            await Eventually.UntilAsync(() => LayerOfAsync(id), layer => layer == 2, TimeSpan.FromSeconds(20));
        }

        await using var db = _database.NewContext();
        foreach (var id in ids)
        {
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.MessageId == id && e.Kind == "Escalated"));
            Assert.Equal(1, await db.Deliveries.CountAsync(d => d.MessageId == new Escalation.Domain.Messages.MessageId(id) && d.Layer == 2));
        }

        // Quartz's recovered triggers did it: the auditor's safety net never had to.
        Assert.Equal(0, (await db.EngineCounters.SingleAsync(c => c.Name == Escalation.Infrastructure.Engine.EngineCounter.AuditorFired)).Value);
    }

    private static async Task<Guid> SendCriticalAsync(AppHost app, string externalId)
    {
        using var ehr = HttpClients.WithApiKey(app, Escalation.Infrastructure.Seeding.DemoData.IntegrationKey);
        await using var db = app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<EscalationDbContext>>().CreateDbContext();
        var unit = (await db.Units.SingleAsync(u => u.Code == "ED")).Id.Value;
        var response = await ehr.PostAsJsonAsync("/api/messages", new { tier = "Critical", subject = "K+ 6.9", body = "b", unitId = unit, source = "Ehr", externalId });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<int> LayerOfAsync(Guid id)
    {
        await using var db = _database.NewContext();
        return await db.Messages.Where(m => m.Id == new Escalation.Domain.Messages.MessageId(id)).Select(m => m.CurrentLayer).SingleAsync();
    }
}
