using Escalation.Domain.Ladders;
using Escalation.Infrastructure.Access;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Ladders;
using Escalation.Infrastructure.Roster;

namespace Escalation.Tests.Engine;

/// <summary>
/// "Replay the last 30 days" on a history the real engine made, on a test clock: the ladder as it was gives back
/// exactly what happened (the replay and the engine share their rules), a draft gives known counts, and the replay
/// sends and stores nothing but its audit line. Each subclass runs it on one provider.
/// </summary>
public abstract class LadderReplayScenarioTests(DatabaseProvider provider) : EngineTest(provider)
{
    private static readonly Caller Admin = new("admin", PersonaRole.Administrator, null);

    private Guid _critical;
    private MessageId _m1, _m2, _m3;

    protected override async Task StartedAsync()
    {
        var start = Harness.Clock.GetUtcNow(); // Mon 2 Nov 2026 14:00 UTC, 09:00 in New York (EST, UTC-5)
        var handOver = start.AddDays(5).AddHours(10); // 8 Nov 00:00 UTC: nurse2 takes over as primary nurse
        await Harness.UnassignAllAsync(ClinicalRoleKind.PrimaryNurse);
        await Harness.AssignAsync("nurse", ClinicalRoleKind.PrimaryNurse, until: handOver);
        await Harness.AssignAsync("nurse2", ClinicalRoleKind.PrimaryNurse, from: handOver);
        await using (var db = Harness.NewContext())
        {
            _critical = await db.Ladders.Where(l => l.IsCurrent && l.Name == Ladder.Defaults.CriticalName).Select(l => l.FamilyId).SingleAsync();
        }

        // 31 days before the replay: outside the period.
        var old = await Harness.SendAsync(Tier.Critical);
        await AckAsync(old, "nurse", TimeSpan.FromMinutes(1));

        // M1, Sat 7 Nov 09:00 local: the nurse acknowledges within two minutes.
        await AtAsync(start.AddDays(5));
        _m1 = await Harness.SendAsync(Tier.Critical);
        await AckAsync(_m1, "nurse", TimeSpan.FromMinutes(2));

        // M2, Mon 9 Nov 23:30 local: nurse2 lets it go, the charge nurse acknowledges at 6 minutes.
        await AtAsync(new DateTimeOffset(2026, 11, 10, 4, 30, 0, TimeSpan.Zero));
        _m2 = await Harness.SendAsync(Tier.Critical);
        await Harness.ReachDeadlineAsync(_m2);
        await AckAsync(_m2, "charge", TimeSpan.FromMinutes(3));

        // M3, Thu 12 Nov 03:00 local: it climbs to the department head, who acknowledges at 16 minutes.
        await AtAsync(new DateTimeOffset(2026, 11, 12, 8, 0, 0, TimeSpan.Zero));
        _m3 = await Harness.SendAsync(Tier.Critical);
        await Harness.ReachDeadlineAsync(_m3);
        await Harness.ReachDeadlineAsync(_m3);
        await Harness.ReachDeadlineAsync(_m3);
        await AckAsync(_m3, "head", TimeSpan.FromMinutes(1));

        // An Urgent message climbs another ladder: not part of the Critical ladder's replay.
        await AtAsync(new DateTimeOffset(2026, 11, 13, 15, 0, 0, TimeSpan.Zero));
        var urgent = await Harness.SendAsync(Tier.Urgent);
        await Harness.ReachDeadlineAsync(urgent);
        await AckAsync(urgent, "charge", TimeSpan.FromMinutes(1));

        await AtAsync(start.AddDays(31));
    }

    private LadderReplays Replays => new(Harness.Contexts, Harness.Clock, Harness.Options);

    [Fact]
    public async Task TheLadderAsItWas_ReplaysExactlyWhatTheEngineDid()
    {
        var view = await Replays.ReplayAsync(Admin, _critical, Harness.Unit.Id.Value, Ladder.Defaults.Critical);
        var outcome = view.Outcome;

        Assert.Equal(3, outcome.Messages);
        Assert.Equal([3, 2, 1, 1], outcome.RealReached);
        Assert.Equal(outcome.RealReached, outcome.DraftReached);
        Assert.Equal((1, 1), (outcome.RealLayer4, outcome.DraftLayer4));
        Assert.All(outcome.People, p => Assert.Equal((p.RealPages, p.RealNightPages), (p.DraftPages, p.DraftNightPages)));
        Assert.Empty(outcome.Changes);
    }

    [Fact]
    public async Task ALongerFirstLayer_GivesTheKnownCounts_PerLayerPersonAndNight()
    {
        Layer[] draft =
        [
            new([ClinicalRoleKind.PrimaryNurse], TimeSpan.FromMinutes(10), Channels.Inbox),
            new([ClinicalRoleKind.ChargeNurse], TimeSpan.FromMinutes(5), Channels.Inbox),
            new([ClinicalRoleKind.Attending, ClinicalRoleKind.OnCallPhysician], TimeSpan.FromMinutes(7), Channels.Inbox),
            new([ClinicalRoleKind.DepartmentHead], TimeSpan.FromMinutes(5), Channels.Inbox | Channels.Sms | Channels.Voice),
        ];

        var view = await Replays.ReplayAsync(Admin, _critical, Harness.Unit.Id.Value, draft);
        var outcome = view.Outcome;

        Assert.Equal(3, outcome.Messages);
        Assert.Equal([3, 2, 1, 1], outcome.RealReached);
        Assert.Equal([3, 1, 1, 0], outcome.DraftReached);
        Assert.Equal((1, 0), (outcome.RealLayer4, outcome.DraftLayer4));
        // Person: real pages, draft pages, real night pages, draft night pages. The roster as it was at each instant:
        // nurse before the hand-over (M1, by day), nurse2 after it (M2 and M3, at night).
        Assert.Equal(
            [
                new PersonPages("charge", 2, 1, 2, 1),
                new PersonPages("nurse2", 2, 2, 2, 2),
                new PersonPages("doctor", 1, 1, 1, 1),
                new PersonPages("head", 1, 0, 1, 0),
                new PersonPages("nurse", 1, 1, 0, 0),
            ],
            outcome.People);
        Assert.Equal(
            [(_m2.Value, 2, 1, 2, 1), (_m3.Value, 4, 3, 4, 3)],
            outcome.Changes.Select(c => (c.MessageId, c.RealHighest, c.DraftHighest, c.RealPages, c.DraftPages)));
        Assert.Equal("Emergency", view.UnitName);
        Assert.Equal("doctor", view.Name("doctor"));
    }

    [Fact]
    public async Task TheReplay_SendsAndStoresNothing_ButOneAuditLineForTheAdministrator()
    {
        var before = await CountsAsync();

        await Replays.ReplayAsync(Admin, _critical, Harness.Unit.Id.Value, Ladder.Defaults.Critical);

        Assert.Equal(before, await CountsAsync());
        await using var db = Harness.NewContext();
        var audit = await db.AuditEntries.Where(e => e.Kind == "LadderReplayRun").ToListAsync();
        var entry = Assert.Single(audit);
        Assert.Equal("admin", entry.Actor);
        Assert.Null(entry.MessageId);
        Assert.Contains("'Critical' draft replayed on ED", entry.Detail);
        Assert.Contains("3 message(s)", entry.Detail);
    }

    [Fact]
    public async Task OnlyAnAdministrator_MayReplay_AndARefusalLeavesNoTrace()
    {
        var charge = new Caller("charge", PersonaRole.ChargeNurse, Harness.Unit.Id);

        var refused = await Assert.ThrowsAsync<EngineException>(() => Replays.ReplayAsync(charge, _critical, Harness.Unit.Id.Value, Ladder.Defaults.Critical));

        Assert.Equal("not-allowed", refused.Code);
        await using var db = Harness.NewContext();
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Kind == "LadderReplayRun"));
        var unknown = await Assert.ThrowsAsync<EngineException>(() => Replays.ReplayAsync(Admin, _critical, Guid.NewGuid(), Ladder.Defaults.Critical));
        Assert.Equal("unknown-unit", unknown.Code);
    }

    [Fact]
    public async Task TheRosterHeldInMemory_AnswersAsTheEnginesRosterReadDoes_AtEveryInstant()
    {
        var handOver = new DateTimeOffset(2026, 11, 8, 0, 0, 0, TimeSpan.Zero);
        await Harness.AssignAsync("oncall", ClinicalRoleKind.OnCallPhysician, handOver.AddHours(2), handOver.AddHours(3));
        var now = Harness.Clock.GetUtcNow();
        await using var db = Harness.NewContext();
        var history = new RosterHistory((await UnitRoster.LoadAsync(db, Harness.Unit.Id, now.AddDays(-30), now, CancellationToken.None))!, now.AddDays(-30), now);
        IReadOnlyList<ClinicalRoleKind>[] asked =
        [
            [ClinicalRoleKind.PrimaryNurse], [ClinicalRoleKind.OnCallPhysician, ClinicalRoleKind.Attending], [ClinicalRoleKind.OnCallPhysician],
            [ClinicalRoleKind.ChargeNurse, ClinicalRoleKind.DepartmentHead],
        ];

        foreach (var at in new[] { handOver.AddTicks(-1), handOver, handOver.AddMinutes(1), handOver.AddHours(2), handOver.AddHours(2.5), handOver.AddHours(3), now.AddMinutes(-1) })
        {
            var snapshot = await RosterSnapshot.LoadAsync(db, Harness.Unit.Id, at, CancellationToken.None);
            foreach (var roles in asked)
            {
                var engine = snapshot.Resolve(roles);
                var replay = history.Resolve(roles, at);
                Assert.Equal((engine.Role, string.Join(",", engine.UserIds)), (replay.Role, string.Join(",", replay.UserIds)));
            }
        }
    }

    private async Task<(int Messages, int Deliveries, int Outbox, int Audit)> CountsAsync()
    {
        await using var db = Harness.NewContext();
        return (await db.Messages.CountAsync(), await db.Deliveries.CountAsync(), await db.Set<OutboxItem>().CountAsync(),
            await db.AuditEntries.CountAsync(e => e.Kind != "LadderReplayRun"));
    }

    private Task AtAsync(DateTimeOffset at)
    {
        Harness.Clock.Advance(at - Harness.Clock.GetUtcNow());
        return Task.CompletedTask;
    }

    private async Task AckAsync(MessageId id, string userId, TimeSpan after)
    {
        Harness.Clock.Advance(after);
        var result = await Harness.Engine.AcknowledgeAsync(id, Callers.Clinician(userId));
        Assert.True(result.Succeeded, result.Error);
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteLadderReplayScenarioTests() : LadderReplayScenarioTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresLadderReplayScenarioTests() : LadderReplayScenarioTests(DatabaseProvider.Postgres);
