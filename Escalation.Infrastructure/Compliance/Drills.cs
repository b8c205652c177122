using Escalation.Domain.Messages;
using Escalation.Domain.Metrics;
using Escalation.Domain.Organisation;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Escalation.Infrastructure.Compliance;

public sealed record DrillView(Guid MessageId, string UnitCode, string Ladder, int LadderVersion, string State, DrillReport Report);

/// <summary>Runs a drill now (a synthetic Critical marked DRILL, routed for real) and reports past drills step by step.</summary>
public sealed class Drills(IDbContextFactory<EscalationDbContext> contexts, EscalationEngine engine)
{
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
