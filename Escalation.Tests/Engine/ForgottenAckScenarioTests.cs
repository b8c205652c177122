using Escalation.Domain.Common;
using Escalation.Domain.Ladders;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Ladders;
using Escalation.Infrastructure.Metrics;

namespace Escalation.Tests.Engine;

/// <summary>
/// Forgotten acknowledgments end to end on a real database and the test clock: the sweep finds acknowledged messages
/// nobody closed, the aggregate reminds once and flags the board once, the audit and outbox hold it, the board shows
/// it to its unit, the metrics count it, and the tiers' windows are edited under the same rules.
/// </summary>
public abstract class ForgottenAckScenarioTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly TimeSpan CriticalReminder = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan CriticalBoard = TimeSpan.FromMinutes(60);

    protected EngineHarness Harness { get; private set; } = default!;

    private ForgottenAckSweep Sweep => new(Harness.Contexts, Harness.Engine, Harness.Clock, Harness.Options);

    public async Task InitializeAsync() => Harness = await EngineHarness.CreateAsync(provider);

    public async Task DisposeAsync() => await Harness.DisposeAsync();

    private async Task<MessageId> AcknowledgedAsync(Tier tier = Tier.Critical, string by = "nurse")
    {
        var id = await Harness.SendAsync(tier);
        Assert.True((await Harness.Engine.AcknowledgeAsync(id, Callers.Clinician(by))).Succeeded);
        return id;
    }

    private async Task<List<OutboxItem>> RemindersQueuedAsync(MessageId id)
    {
        await using var db = Harness.NewContext();
        return await db.Outbox.Where(o => o.MessageId == id && o.Layer == 0).ToListAsync();
    }

    [Fact]
    public async Task NotBeforeTheWindow_ThenOnceInTheInbox_AuditedAsTheEngine()
    {
        var id = await AcknowledgedAsync();
        Harness.Clock.Advance(CriticalReminder - TimeSpan.FromSeconds(1));

        var early = await Sweep.SweepAsync();
        Harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var due = await Sweep.SweepAsync();
        Harness.Clock.Advance(TimeSpan.FromMinutes(10));
        var again = await Sweep.SweepAsync();

        Assert.Equal((0, 0), early);
        Assert.Equal((1, 0), due);
        Assert.Equal((0, 0), again);
        var message = await Harness.LoadAsync(id);
        Assert.Equal(MessageState.Acknowledged, message.State);
        Assert.NotNull(message.AckRemindedAt);
        var reminder = Assert.Single(message.Deliveries, d => d.IsReminder);
        Assert.Equal(("nurse", Channels.Inbox), (reminder.RecipientId, reminder.Channel));
        var inbox = Assert.Single(await new InboxQueries(Harness.Contexts).InboxAsync("nurse"), i => i.Id == id.Value);
        Assert.Equal(message.AckRemindedAt, inbox.RemindedMeAt);
        var queued = Assert.Single(await RemindersQueuedAsync(id));
        Assert.Equal(Channels.Inbox, queued.Channel);
        await using var db = Harness.NewContext();
        var audit = await db.AuditEntries.SingleAsync(e => e.MessageId == id.Value && e.Kind == nameof(MessageEventKind.AckReminderSent));
        Assert.Equal(Message.Engine, audit.Actor);
        Assert.Contains("nurse", audit.Detail);
    }

    [Fact]
    public async Task AClosedMessage_IsNeverReminded()
    {
        var id = await AcknowledgedAsync();
        Assert.True((await Harness.Engine.CloseAsync(id, Callers.Clinician("nurse"), CloseOutcome.ActionTaken, null)).Succeeded);
        Harness.Clock.Advance(TimeSpan.FromHours(5));

        Assert.Equal((0, 0), await Sweep.SweepAsync());
        Assert.Empty(await RemindersQueuedAsync(id));
        Assert.DoesNotContain(nameof(MessageEventKind.AckReminderSent), await Harness.AuditKindsAsync(id));
    }

    [Fact]
    public async Task ARoutineMessage_IsNeverReminded_NorAnOpenOne()
    {
        var routine = await AcknowledgedAsync(Tier.Routine);
        var open = await Harness.SendAsync(Tier.Urgent);
        Harness.Clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal((0, 0), await Sweep.SweepAsync());
        Assert.Null((await Harness.LoadAsync(routine)).AckRemindedAt);
        Assert.Null((await Harness.LoadAsync(open)).AckRemindedAt);
    }

    [Fact]
    public async Task UrgentWaitsItsOwnTwoHours()
    {
        var id = await AcknowledgedAsync(Tier.Urgent);
        Harness.Clock.Advance(TimeSpan.FromMinutes(119));
        Assert.Equal((0, 0), await Sweep.SweepAsync());

        Harness.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal((1, 0), await Sweep.SweepAsync());
        Assert.NotNull((await Harness.LoadAsync(id)).AckRemindedAt);
    }

    [Fact]
    public async Task TheSecondWindow_PutsItOnItsUnitsBoard_WithWhoAndSinceWhen_Once()
    {
        var id = await AcknowledgedAsync();
        var ackedAt = Harness.Clock.GetUtcNow();
        var reads = new InboxQueries(Harness.Contexts);
        Harness.Clock.Advance(CriticalReminder);
        await Sweep.SweepAsync();
        Assert.DoesNotContain(await reads.BoardAsync([Harness.Unit.Id.Value], null), i => i.Id == id.Value);

        Harness.Clock.Advance(CriticalBoard - CriticalReminder);
        var flagged = await Sweep.SweepAsync();
        var again = await Sweep.SweepAsync();

        Assert.Equal((0, 1), flagged);
        Assert.Equal((0, 0), again);
        var row = Assert.Single(await reads.BoardAsync([Harness.Unit.Id.Value], null), i => i.Id == id.Value);
        Assert.Equal(new AckNotClosed("nurse", ackedAt), row.NotClosed);
        Assert.False(row.IsPinned);
        Assert.DoesNotContain(await reads.BoardAsync([Guid.NewGuid()], null), i => i.Id == id.Value);
        Assert.Single(await Harness.AuditKindsAsync(id), k => k == nameof(MessageEventKind.AckNotClosedFlagged));

        Assert.True((await Harness.Engine.CloseAsync(id, Callers.Clinician("nurse"), CloseOutcome.ActionTaken, null)).Succeeded);
        Assert.DoesNotContain(await reads.BoardAsync([Harness.Unit.Id.Value], null), i => i.Id == id.Value);
    }

    [Fact]
    public async Task AnAcknowledgerPagedBySms_IsRemindedBySms_OthersInTheInboxOnly()
    {
        var byText = await Harness.SendAsync(Tier.Critical);
        for (var layer = 1; layer < 4; layer++)
        {
            await Harness.ReachDeadlineAsync(byText);
        }

        Assert.True((await Harness.Engine.AcknowledgeAsync(byText, Callers.Clinician("head"))).Succeeded);
        var inboxOnly = await AcknowledgedAsync(by: "nurse");
        Harness.Clock.Advance(CriticalReminder);

        Assert.Equal((2, 0), await Sweep.SweepAsync());

        Assert.Equal([Channels.Inbox, Channels.Sms], (await RemindersQueuedAsync(byText)).Select(o => o.Channel).Order());
        Assert.All(await RemindersQueuedAsync(byText), o => Assert.Equal("head", o.RecipientId));
        Assert.Equal([Channels.Inbox], (await RemindersQueuedAsync(inboxOnly)).Select(o => o.Channel));
    }

    [Fact]
    public async Task TwoNodesSweepingAtOnce_RemindOnce()
    {
        var ids = new List<MessageId>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await AcknowledgedAsync());
        }

        Harness.Clock.Advance(CriticalBoard);
        var other = new ForgottenAckSweep(Harness.Contexts, Harness.NewEngine(), Harness.Clock, Harness.Options);

        var results = await Task.WhenAll(Sweep.SweepAsync(), other.SweepAsync());

        Assert.Equal(5, results.Sum(r => r.Reminded));
        Assert.Equal(5, results.Sum(r => r.Flagged));
        foreach (var id in ids)
        {
            Assert.Single(await RemindersQueuedAsync(id));
            var kinds = await Harness.AuditKindsAsync(id);
            Assert.Single(kinds, k => k == nameof(MessageEventKind.AckReminderSent));
            Assert.Single(kinds, k => k == nameof(MessageEventKind.AckNotClosedFlagged));
        }
    }

    [Fact]
    public async Task Metrics_CountRemindersSent_AndClosedAfterReminder_ByTier()
    {
        var start = Harness.Clock.GetUtcNow();
        var closedAfter = await AcknowledgedAsync();
        await AcknowledgedAsync();
        var closedBefore = await AcknowledgedAsync();
        Assert.True((await Harness.Engine.CloseAsync(closedBefore, Callers.Clinician("nurse"), CloseOutcome.ActionTaken, null)).Succeeded);
        Harness.Clock.Advance(CriticalReminder);
        await Sweep.SweepAsync();
        Harness.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await Harness.Engine.CloseAsync(closedAfter, Callers.Clinician("nurse"), CloseOutcome.ActionTaken, null)).Succeeded);

        var report = await new MetricsQueries(Harness.Contexts).ReportAsync(start, Harness.Clock.GetUtcNow().AddMinutes(1), null, null);

        var critical = report.ByTier.Single(t => t.Tier == Tier.Critical);
        Assert.Equal(3, critical.Sent);
        Assert.Equal(2, critical.RemindersSent);
        Assert.Equal(1, critical.ClosedAfterReminder);
        Assert.Equal(0, report.ByTier.Single(t => t.Tier == Tier.Urgent).RemindersSent);
    }

    [Fact]
    public async Task EditedWindows_ApplyAtTheNextSweep_AndBadOnesChangeNothing()
    {
        var admin = new LadderAdministration(Harness.Contexts, Harness.Clock);
        var critical = (await admin.TiersAsync()).Single(t => t.Tier == Tier.Critical);
        Assert.Equal((30, 60), (critical.AckReminderMinutes, critical.AckBoardMinutes));
        await using (var db = Harness.NewContext())
        {
            var before = await db.AuditEntries.CountAsync();
            var error = await Assert.ThrowsAsync<DomainException>(() =>
                admin.UpdateTierAsync(Tier.Critical, true, critical.LadderId, true, "admin", new AckWindowMinutes(20, 10)));
            Assert.Contains("after the reminder", error.Message);
            Assert.Equal(before, await db.AuditEntries.CountAsync());
            Assert.Equal((30, 60), ((await admin.TiersAsync()).Single(t => t.Tier == Tier.Critical).AckReminderMinutes, (await admin.TiersAsync()).Single(t => t.Tier == Tier.Critical).AckBoardMinutes));
        }

        var saved = await admin.UpdateTierAsync(Tier.Critical, true, critical.LadderId, true, "admin", new AckWindowMinutes(5, 10));
        Assert.Equal((5, 10), (saved.AckReminderMinutes, saved.AckBoardMinutes));
        await using (var db = Harness.NewContext())
        {
            var audit = await db.AuditEntries.Where(e => e.Kind == "TierPolicyChanged").OrderByDescending(e => e.Id).FirstAsync();
            Assert.Equal("admin", audit.Actor);
            Assert.Contains("reminder after 5 min, on the board after 10 min", audit.Detail);
        }

        var id = await AcknowledgedAsync();
        Harness.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal((1, 0), await Sweep.SweepAsync());
        Harness.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal((0, 1), await Sweep.SweepAsync());
        Assert.NotNull((await Harness.LoadAsync(id)).AckFlaggedAt);
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteForgottenAckScenarioTests() : ForgottenAckScenarioTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresForgottenAckScenarioTests() : ForgottenAckScenarioTests(DatabaseProvider.Postgres);
