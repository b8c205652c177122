using Escalation.Domain.Ladders;
using Escalation.Infrastructure.Access;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Roster;

namespace Escalation.Infrastructure.Ladders;

/// <summary>A replay as the editor shows it: the outcome with people's names, and what was replayed.</summary>
public sealed record LadderReplayView(Guid UnitId, string UnitName, DateTimeOffset From, DateTimeOffset To, ReplayOutcome Outcome, IReadOnlyDictionary<string, string> Names, TimeSpan Took)
{
    public string Name(string userId) => Names.GetValueOrDefault(userId, userId);
}

/// <summary>
/// "Replay the last 30 days": the draft ladder of the editor run over the unit's real messages of the period that
/// climbed this ladder (any of its versions), beside what really happened. Three reads (the messages, their
/// deliveries, the unit's roster of the period) and one audit entry; nothing is sent and no message is touched.
/// </summary>
public sealed class LadderReplays(IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock, EngineOptions engine)
{
    public static readonly TimeSpan Period = TimeSpan.FromDays(30);

    /// <summary>
    /// Replays <paramref name="draft"/> for ladder <paramref name="familyId"/> in <paramref name="unitId"/>. Only an
    /// administrator (who alone may edit ladders) may run it. Audited as <c>LadderReplayRun</c>.
    /// </summary>
    public async Task<LadderReplayView> ReplayAsync(Caller caller, Guid familyId, Guid unitId, IReadOnlyList<Layer> draft, CancellationToken cancellationToken = default)
    {
        if (!caller.IsAdministrator)
        {
            throw new EngineException("not-allowed", "Only an administrator may replay a ladder.");
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var until = clock.GetUtcNow();
        var since = until - Period;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var unit = await db.Units.AsNoTracking().Include(u => u.Roles).SingleOrDefaultAsync(u => u.Id == new UnitId(unitId), cancellationToken)
            ?? throw new EngineException("unknown-unit", "No such unit.");
        var ladder = await db.Ladders.AsNoTracking().Where(l => l.FamilyId == familyId && l.IsCurrent).Select(l => l.Name).SingleOrDefaultAsync(cancellationToken)
            ?? throw new EngineException("unknown-ladder", "No such ladder.");

        var messages = await (from m in Climbing(db, familyId, unit.Id, since, until)
                              select new { m.Id, m.Subject, m.Tier, m.CreatedAt, m.RequiresAck, m.AcknowledgedAt, m.ClosedAt }).ToListAsync(cancellationToken);
        var deliveries = await (from m in Climbing(db, familyId, unit.Id, since, until)
                                join d in db.Deliveries on m.Id equals d.MessageId
                                where d.Layer > 0
                                select new { d.MessageId, d.Layer, d.Page, d.RecipientId, d.DeliveredAt }).ToListAsync(cancellationToken);
        var pages = deliveries.GroupBy(d => d.MessageId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<ReplayPage>)g.GroupBy(d => (d.Layer, d.Page, d.RecipientId))
                .Select(p => new ReplayPage(p.Key.Layer, p.Key.RecipientId, p.Min(d => d.DeliveredAt)))
                .OrderBy(p => p.At).ToList());
        var history = messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id.Value)
            .Select(m => new ReplayMessage(m.Id.Value, m.Subject, m.Tier, m.CreatedAt, m.RequiresAck, m.AcknowledgedAt ?? m.ClosedAt, pages.GetValueOrDefault(m.Id, [])))
            .ToList();

        var roster = new RosterHistory(await UnitRoster.LoadAsync(db, unit, since, until, cancellationToken), since, until);
        var outcome = LadderReplay.Run(draft, unit.Id, history, roster.Resolve, engine.RepageInterval, until, unit.Zone);

        var ids = outcome.People.Select(p => p.UserId).ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        await AuditWriter.SaveAsync(db, [new AuditRecord(until, caller.UserId, "LadderReplayRun",
            Detail: $"'{ladder}' draft replayed on {unit.Code} from {since:O} to {until:O}: {history.Count} message(s); "
                + $"Layer-4 activations {outcome.RealLayer4} real, {outcome.DraftLayer4} with the draft")], cancellationToken);
        return new LadderReplayView(unit.Id.Value, unit.Name, since, until, outcome, names, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The unit's clinical messages of the period that climbed a version of the ladder: no broadcast, no drill, none that never climbs.</summary>
    private static IQueryable<Message> Climbing(EscalationDbContext db, Guid familyId, UnitId unitId, DateTimeOffset since, DateTimeOffset until) =>
        from m in db.Messages.AsNoTracking()
        join l in db.Ladders on m.LadderId equals l.Id
        where l.FamilyId == familyId && m.UnitId == unitId && m.CreatedAt >= since && m.CreatedAt < until
              && !m.IsBroadcast && m.Escalates && m.Source != MessageSource.Drill
        select m;
}
