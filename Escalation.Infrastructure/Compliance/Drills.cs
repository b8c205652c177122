using Escalation.Domain.Metrics;
using Escalation.Infrastructure.Engine;

namespace Escalation.Infrastructure.Compliance;

public sealed record DrillScheduleView(Guid Id, string UnitCode, string Ladder, int EveryMonths, DateTimeOffset NextRunAt, bool IsEnabled, DateTimeOffset? LastRunAt, string UpdatedBy);

public sealed record DrillView(Guid MessageId, string UnitCode, string Ladder, int LadderVersion, string State, DrillReport Report);

/// <summary>Runs a drill now (a synthetic Critical marked DRILL, routed for real) and reports past drills step by step.</summary>
public sealed class Drills(IDbContextFactory<EscalationDbContext> contexts, EscalationEngine engine, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Schedules a recurring drill through a unit and ladder (one schedule per pair: saving again changes it).</summary>
    public async Task<Guid> ScheduleAsync(Guid unitId, Guid ladderFamilyId, int everyMonths, DateTimeOffset firstRunAt, bool enabled, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = _clock.GetUtcNow();
        if (!await db.Units.AnyAsync(u => u.Id == new UnitId(unitId), cancellationToken) || !await db.Ladders.AnyAsync(l => l.FamilyId == ladderFamilyId, cancellationToken))
        {
            throw new ArgumentException("Choose an existing unit and ladder.");
        }

        if (enabled && firstRunAt <= now)
        {
            throw new ArgumentException("The first scheduled drill must be in the future.");
        }

        var schedule = await db.DrillSchedules.SingleOrDefaultAsync(s => s.UnitId == unitId && s.LadderFamilyId == ladderFamilyId, cancellationToken);
        if (schedule is null)
        {
            schedule = new DrillSchedule(unitId, ladderFamilyId, everyMonths, firstRunAt, actor, now);
            if (!enabled)
            {
                schedule.Change(unitId, ladderFamilyId, everyMonths, firstRunAt, false, actor, now);
            }

            db.DrillSchedules.Add(schedule);
        }
        else
        {
            schedule.Change(unitId, ladderFamilyId, everyMonths, firstRunAt, enabled, actor, now);
        }

        await Audit.AuditWriter.SaveAsync(db, [new Audit.AuditRecord(now, actor, "DrillScheduled",
            Detail: $"Drill every {everyMonths} months from {firstRunAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, {(enabled ? "enabled" : "disabled")}")], cancellationToken);
        return schedule.Id;
    }

    public async Task<IReadOnlyList<DrillScheduleView>> SchedulesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var schedules = await db.DrillSchedules.AsNoTracking().OrderBy(s => s.NextRunAt).ToListAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id.Value, u => u.Code, cancellationToken);
        var ladders = (await db.Ladders.AsNoTracking().Where(l => l.IsCurrent).Select(l => new { l.FamilyId, l.Name }).ToListAsync(cancellationToken))
            .ToDictionary(l => l.FamilyId, l => l.Name);
        return schedules.Select(s => new DrillScheduleView(s.Id, units.GetValueOrDefault(s.UnitId, "?"), ladders.GetValueOrDefault(s.LadderFamilyId, "?"), s.EveryMonths, s.NextRunAt,
            s.IsEnabled, s.LastRunAt, s.UpdatedBy)).ToList();
    }

    public async Task<Guid> RunNowAsync(Guid unitId, Guid ladderFamilyId, string actor, CancellationToken cancellationToken = default)
    {
        var result = await engine.SendAsync(
            new SendMessage(Tier.Critical, "DRILL: critical escalation test", "This is a drill, not a patient. Acknowledge it as you would a real Critical message.",
                null, unitId, null, ladderFamilyId, MessageSource.Drill, null, false),
            actor,
            cancellationToken);
        return result.Id.Value;
    }

    public async Task<IReadOnlyList<DrillView>> HistoryAsync(int take = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var drills = await db.Messages.AsNoTracking().Where(m => m.Source == MessageSource.Drill).OrderByDescending(m => m.CreatedAt).Take(take).ToListAsync(cancellationToken);
        var ladderIds = drills.Where(m => m.LadderId != null).Select(m => m.LadderId!.Value).Distinct().ToList();
        var ladders = await db.Ladders.AsNoTracking().Where(l => ladderIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, cancellationToken);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Code, cancellationToken);
        var ids = drills.Select(m => (Guid?)m.Id.Value).ToList();
        string[] kinds = [nameof(MessageEventKind.Created), nameof(MessageEventKind.LayerStarted), nameof(MessageEventKind.Acknowledged)];
        var events = await db.AuditEntries.AsNoTracking().Where(e => ids.Contains(e.MessageId) && kinds.Contains(e.Kind))
            .Select(e => new { e.MessageId, e.Kind, e.AtUnixMs, e.Layer }).ToListAsync(cancellationToken);
        return drills.Select(m =>
        {
            var ladder = m.LadderId is { } id ? ladders.GetValueOrDefault(id) : null;
            var report = DrillReport.From(m.Id.Value, ladder?.Layers ?? [],
                events.Where(e => e.MessageId == m.Id.Value).Select(e => (e.Kind, DateTimeOffset.FromUnixTimeMilliseconds(e.AtUnixMs), e.Layer)));
            return new DrillView(m.Id.Value, units.GetValueOrDefault(m.UnitId, "?"), ladder?.Name ?? "?", ladder?.Version ?? 0, m.State.ToString(), report);
        }).ToList();
    }
}
