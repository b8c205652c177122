using Escalation.Domain.Ladders;
using Escalation.Infrastructure.Audit;
using Escalation.Infrastructure.Roster;

namespace Escalation.Tests.Engine;

/// <summary>Two nodes on one server database: PostgreSQL here, SQL Server in the SqlServer category.</summary>
public abstract class TwoNodeTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const int MessageCount = 10_000;
    private EngineHarness _harness = default!;

    public async Task InitializeAsync() => _harness = await EngineHarness.CreateAsync(provider);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    /// <summary>
    /// Two engines (two nodes: separate connections, no shared memory) sweep the same 10,000 due messages in the
    /// same order, so they collide on nearly every one. The database decides: every step happens exactly once.
    /// </summary>
    [Fact]
    public async Task TwoEngines_WorkingTheSameDueMessages_TakeEveryStepExactlyOnce()
    {
        await SeedDueMessagesAsync(MessageCount);
        _harness.Clock.Advance(TimeSpan.FromMinutes(3) + _harness.Options.AuditorGrace + TimeSpan.FromSeconds(1));
        _harness.Options.AuditorBatchSize = MessageCount;
        var nodeA = _harness.NewEngine();
        var nodeB = _harness.NewEngine();

        var moved = await Task.WhenAll(Task.Run(() => nodeA.SweepOverdueAsync()), Task.Run(() => nodeB.SweepOverdueAsync()));

        Assert.Equal(MessageCount, moved.Sum());
        await using var db = _harness.NewContext();
        Assert.Equal(MessageCount, await db.Messages.CountAsync(m => m.CurrentLayer == 2));
        Assert.Equal(MessageCount, await db.AuditEntries.CountAsync(e => e.Kind == "Escalated"));
        Assert.Equal(MessageCount, await db.Deliveries.CountAsync(d => d.Layer == 2));
        Assert.Equal(MessageCount, await db.Outbox.CountAsync(o => o.Layer == 2));
        await _harness.Chainer.ChainPendingAsync();
        var verification = AuditWriter.Verify(db);
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Sequence == null));
        Assert.True(verification.IsIntact, verification.Problem);
    }

    /// <summary>Puts messages at layer 1 directly (the steps under test are the deadlines, not the sends).</summary>
    private async Task SeedDueMessagesAsync(int count)
    {
        await using var db = _harness.NewContext();
        var ladder = await db.Ladders.SingleAsync(l => l.Name == Ladder.Defaults.CriticalName && l.IsCurrent);
        var now = _harness.Clock.GetUtcNow();
        var roster = await RosterSnapshot.LoadAsync(db, _harness.Unit.Id, now, CancellationToken.None);
        var body = _harness.Protector.Protect("K+ 6.9");
        for (var i = 0; i < count; i++)
        {
            var message = Message.Create(new MessageDraft(Tier.Critical, $"Result {i}", body, null, MessageSource.Ehr, $"bulk-{i}", _harness.Unit.Id),
                ladder, escalates: true, requiresAck: true, "test", now);
            message.Start(ladder, roster.Resolve, _harness.Options.RepageInterval, now);
            message.ClearEvents();
            db.Messages.Add(message);
        }

        await db.SaveChangesAsync();
    }
}

[Trait("Category", "Postgres")]
public sealed class PostgresTwoNodeTests() : TwoNodeTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerTwoNodeTests() : TwoNodeTests(DatabaseProvider.SqlServer);
