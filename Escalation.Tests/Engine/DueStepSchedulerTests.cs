using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Health;
using Escalation.Infrastructure.Scheduling;
using Quartz;

namespace Escalation.Tests.Engine;

/// <summary>
/// Where the due-step job runs: on each node's own in-memory Quartz scheduler, never as a trigger in the shared
/// store that one node could hold for the others; and an upgraded node removes the cluster-wide trigger an earlier
/// release left in the shared store. The real app, driven by the test clock.
/// </summary>
public abstract class DueStepSchedulerTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = default!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task DueStepJob_RunsOnTheNodesOwnInMemoryScheduler_AndHealthAsksAboutBothSchedulers()
    {
        await using var app = new AppHost(_database.Options).Start();
        var schedulers = app.Services.GetRequiredService<EscalationSchedulers>();
        var shared = (await schedulers.SharedAsync())!;
        var dueSteps = (await schedulers.DueStepsAsync())!;
        await FirstRunAsync(dueSteps);

        var local = await dueSteps.GetMetadata();
        Assert.False(local.JobStorePersistent);
        Assert.False(local.JobStoreClustered);
        Assert.True(await dueSteps.Exists(DueStepJob.Key));
        Assert.False(await shared.Exists(DueStepJob.Key));
        Assert.Equal(provider != DatabaseProvider.Sqlite, (await shared.GetMetadata()).JobStoreClustered);
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz/ready")).StatusCode);
        Assert.True((await app.Services.GetRequiredService<SystemStatusService>().GetAsync()).SchedulerRunning);

        // Deadlines stop with the due-step scheduler alone: the node must then say so, though the shared one runs.
        await dueSteps.Standby();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/healthz/ready")).StatusCode);
        Assert.False((await app.Services.GetRequiredService<SystemStatusService>().GetAsync()).SchedulerRunning);
    }

    [Fact]
    public async Task UpgradedNode_RemovesTheClusterWideDueStepTrigger_AnEarlierReleaseLeftInTheSharedStore()
    {
        var clock = new TestClock();
        var trigger = new TriggerKey("due-steps", "escalation");
        await using (var earlier = new AppHost(_database.Options, clock: clock).Start())
        {
            var schedulers = earlier.Services.GetRequiredService<EscalationSchedulers>();
            await FirstRunAsync((await schedulers.DueStepsAsync())!);
            // What the earlier release registered: the job, durable, and its trigger every 250 ms in the shared store.
            var shared = (await schedulers.SharedAsync())!;
            await shared.ScheduleJob(
                JobBuilder.Create<DueStepJob>().WithIdentity(DueStepJob.Key).StoreDurably().Build(),
                TriggerBuilder.Create(clock).WithIdentity(trigger).StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMilliseconds(250)).RepeatForever()).Build());
            Assert.True(await shared.Exists(trigger));
        }

        await using var upgraded = new AppHost(_database.Options, clock: clock).Start();
        var upgradedShared = (await upgraded.Services.GetRequiredService<EscalationSchedulers>().SharedAsync())!;
        await Eventually.UntilAsync(() => upgradedShared.Exists(DueStepJob.Key).AsTask(), exists => !exists, TimeSpan.FromSeconds(20));
        Assert.False(await upgradedShared.Exists(trigger));
        Assert.True(await (await upgraded.Services.GetRequiredService<EscalationSchedulers>().DueStepsAsync())!.Exists(DueStepJob.Key));
    }

    /// <summary>
    /// The due-step job's first run, which clears the shared store, is over: the trigger fired and nothing runs now
    /// (the test clock stands still, so the next run waits for it).
    /// </summary>
    private static Task FirstRunAsync(IScheduler dueSteps) =>
        Eventually.UntilAsync(async () => (await dueSteps.GetTrigger(new TriggerKey(DueStepJob.Key.Name, DueStepJob.Key.Group)))?.PreviousFireTimeUtc is not null
            && (await dueSteps.GetMetadata()).LocalExecutingJobs == 0, done => done, TimeSpan.FromSeconds(20));
}

[Trait("Category", "Sqlite")]
public sealed class SqliteDueStepSchedulerTests() : DueStepSchedulerTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresDueStepSchedulerTests() : DueStepSchedulerTests(DatabaseProvider.Postgres);
