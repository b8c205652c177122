using Escalation.Domain.Metrics;

namespace Escalation.Infrastructure.Metrics;

/// <summary>Feeds <see cref="EscalationMetrics"/> with the facts of the period's messages, read from their audited events.</summary>
public sealed class MetricsQueries(IDbContextFactory<EscalationDbContext> contexts)
{
    public async Task<MetricsReport> ReportAsync(DateTimeOffset from, DateTimeOffset to, Guid? unitId, Tier? tier, CancellationToken cancellationToken = default)
    {
        // The page passes local midnights; PostgreSQL's timestamptz takes only offset 0 (found by the role matrix).
        (from, to) = (from.ToUniversalTime(), to.ToUniversalTime());
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Messages.AsNoTracking().Where(m => m.CreatedAt >= from && m.CreatedAt < to);
        if (unitId is { } unit)
        {
            var id = new UnitId(unit);
            query = query.Where(m => m.UnitId == id);
        }

        if (tier is { } wanted)
        {
            query = query.Where(m => m.Tier == wanted);
        }

        var messages = await query.Select(m => new { m.Id, m.Tier, m.UnitId, m.Source, m.IsBroadcast }).ToListAsync(cancellationToken);
        var ids = messages.Select(m => m.Id.Value).ToList();
        string[] kinds = [nameof(MessageEventKind.Created), nameof(MessageEventKind.Acknowledged), nameof(MessageEventKind.LayerStarted), nameof(MessageEventKind.Closed),
            nameof(MessageEventKind.AckReminderSent)];
        var events = new List<(Guid MessageId, string Kind, DateTimeOffset At, int? Layer, string? Detail)>();
        foreach (var chunk in ids.Chunk(500))
        {
            var rows = await db.AuditEntries.AsNoTracking().Where(e => e.MessageId != null && chunk.Contains(e.MessageId.Value) && kinds.Contains(e.Kind))
                .Select(e => new { e.MessageId, e.Kind, e.AtUnixMs, e.Layer, e.Detail }).ToListAsync(cancellationToken);
            events.AddRange(rows.Select(r => (r.MessageId!.Value, r.Kind, DateTimeOffset.FromUnixTimeMilliseconds(r.AtUnixMs), r.Layer, r.Detail)));
        }

        var byMessage = events.GroupBy(e => e.MessageId).ToDictionary(g => g.Key, g => g.Select(e => (e.Kind, e.At, e.Layer, e.Detail)).ToList());
        var facts = messages.Select(m => MessageFacts.FromEvents(m.Id.Value, m.Tier, m.UnitId.Value, m.Source == MessageSource.Drill, m.IsBroadcast,
            byMessage.GetValueOrDefault(m.Id.Value) ?? [])).ToList();
        var zone = await db.OrganisationZoneAsync(cancellationToken);
        return EscalationMetrics.Compute(facts, from, to, zone, EscalationMetrics.DefaultFalsePositiveWindow);
    }
}
