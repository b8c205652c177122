using Escalation.Infrastructure.Engine;

namespace Escalation.Tests.Engine;

/// <summary>
/// Due steps taken in claimed batches (what the due-step job runs), on a real database with the test clock: each
/// step decided and audited as a single fire would, once, with an earlier acknowledgment winning and one failing
/// message costing the rest of its batch nothing.
/// </summary>
public abstract class DueStepBatchTests(DatabaseProvider provider) : EngineTest(provider)
{
    [Fact]
    public async Task ABatchedStep_IsAuditedAndQueued_ExactlyAsASingleFireWouldBe()
    {
        var single = await Harness.SendAsync();
        var batched = await Harness.SendAsync();
        Harness.Clock.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(DeadlineOutcome.Escalated, await Harness.Engine.FireDeadlineAsync(single));
        var steps = await Harness.Engine.TakeDueStepsAsync();

        Assert.Equal([new DueStep(batched, DeadlineOutcome.Escalated)], steps);
        Assert.Equal(await Harness.AuditAsync(single), await Harness.AuditAsync(batched));
        await using var db = Harness.NewContext();
        var outbox = await db.Outbox.AsNoTracking().ToListAsync();
        Assert.Equal(
            outbox.Where(o => o.MessageId == single).Select(o => (o.Layer, o.RecipientId, o.Channel)).Order(),
            outbox.Where(o => o.MessageId == batched).Select(o => (o.Layer, o.RecipientId, o.Channel)).Order());
        Assert.Equal(2, (await Harness.LoadAsync(batched)).CurrentLayer);
    }

    [Fact]
    public async Task OnlyDueMessagesAreTaken_AndATakenStepIsNotTakenAgain()
    {
        var due = await Harness.SendAsync();
        Harness.Clock.Advance(TimeSpan.FromMinutes(1));
        var notYet = await Harness.SendAsync();
        Harness.Clock.Advance(TimeSpan.FromMinutes(2));

        var first = await Harness.Engine.TakeDueStepsAsync();
        var second = await Harness.Engine.TakeDueStepsAsync();

        Assert.Equal([new DueStep(due, DeadlineOutcome.Escalated)], first);
        Assert.Empty(second);
        Assert.Equal(1, (await Harness.LoadAsync(notYet)).CurrentLayer);
        Assert.Equal(1, (await Harness.AuditKindsAsync(due)).Count(k => k == "Escalated"));
    }

    [Fact]
    public async Task AnAcknowledgmentCommittedFirst_WinsOverTheBatch()
    {
        var acknowledged = await Harness.SendAsync();
        var other = await Harness.SendAsync();
        Harness.Clock.Advance(TimeSpan.FromMinutes(3));

        Assert.True((await Harness.Engine.AcknowledgeAsync(acknowledged, Callers.Clinician("nurse"))).Succeeded);
        var steps = await Harness.Engine.TakeDueStepsAsync();

        Assert.Equal([new DueStep(other, DeadlineOutcome.Escalated)], steps);
        var message = await Harness.LoadAsync(acknowledged);
        Assert.Equal(MessageState.Acknowledged, message.State);
        Assert.DoesNotContain(message.Deliveries, d => d.Layer == 2);
    }

    [Fact]
    public async Task OneMessageFailingToSave_CostsTheRestOfItsBatchNothing_AndStaysDue()
    {
        Harness.Options.DueStepBatchSize = 10;
        var ids = new List<MessageId>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await Harness.SendAsync());
        }

        // The poisoned message's layer-2 page is already queued, so saving its step violates the outbox's unique
        // idempotency key: the batch's commit fails as a whole.
        var poisoned = ids[2];
        await using (var db = Harness.NewContext())
        {
            var page = await db.Outbox.AsNoTracking().SingleAsync(o => o.MessageId == poisoned && o.Layer == 1);
            var copy = db.Outbox.Add(page);
            copy.Property(o => o.Id).CurrentValue = Guid.NewGuid();
            copy.Property(o => o.IdempotencyKey).CurrentValue = page.IdempotencyKey.Replace(":1:0:nurse:", ":2:0:charge:", StringComparison.Ordinal);
            await db.SaveChangesAsync();
        }

        Harness.Clock.Advance(TimeSpan.FromMinutes(3));
        var steps = await Harness.Engine.TakeDueStepsAsync();

        Assert.Equal(ids.Where(id => id != poisoned).Select(id => id.Value).Order(), steps.Select(s => s.MessageId.Value).Order());
        Assert.All(steps, s => Assert.Equal(DeadlineOutcome.Escalated, s.Outcome));
        foreach (var id in ids.Where(id => id != poisoned))
        {
            Assert.Equal(1, (await Harness.AuditKindsAsync(id)).Count(k => k == "Escalated"));
        }

        var stuck = await Harness.LoadAsync(poisoned);
        Assert.Equal((MessageState.Open, 1), (stuck.State, stuck.CurrentLayer));
        Assert.DoesNotContain("Escalated", await Harness.AuditKindsAsync(poisoned));
        Assert.Contains(poisoned, Harness.Deadlines.Armed.Keys);
    }

    [Fact]
    public async Task TwoNodesTakingTheSameDueSteps_TakeEachOnce()
    {
        Harness.Options.DueStepBatchSize = 7;
        var ids = new List<MessageId>();
        for (var i = 0; i < 60; i++)
        {
            ids.Add(await Harness.SendAsync());
        }

        Harness.Clock.Advance(TimeSpan.FromMinutes(3));
        var nodeA = Harness.NewEngine();
        var nodeB = Harness.NewEngine();

        var steps = await Task.WhenAll(Task.Run(() => nodeA.TakeDueStepsAsync()), Task.Run(() => nodeB.TakeDueStepsAsync()));

        Assert.Equal(ids.Select(id => id.Value).Order(), steps.SelectMany(s => s).Select(s => s.MessageId.Value).Order());
        await using var db = Harness.NewContext();
        Assert.Equal(60, await db.AuditEntries.CountAsync(e => e.Kind == "Escalated"));
        Assert.Equal(60, await db.Deliveries.CountAsync(d => d.Layer == 2));
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteDueStepBatchTests() : DueStepBatchTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresDueStepBatchTests() : DueStepBatchTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerDueStepBatchTests() : DueStepBatchTests(DatabaseProvider.SqlServer);
