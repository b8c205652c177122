namespace Escalation.Infrastructure.Engine;

/// <summary>One message in a person's inbox: what they need to decide whether to open it now.</summary>
public sealed record InboxItem(
    Guid Id, Tier Tier, MessageState State, string Subject, string UnitCode, DateTimeOffset CreatedAt, int CurrentLayer, bool IsExhausted, bool IsBroadcast,
    DateTimeOffset? NextEscalationAt, DateTimeOffset? ReadByMeAt, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt, bool IAmCurrentRecipient,
    DateTimeOffset? RemindedMeAt = null);

/// <summary>
/// One open escalation on the charge nurse's board, or an acknowledged one nobody closed past its tier's second
/// window (<see cref="NotClosed"/>).
/// </summary>
public sealed record BoardItem(
    Guid Id, Tier Tier, string Subject, Guid UnitId, string UnitCode, DateTimeOffset CreatedAt, int CurrentLayer, int LayerCount, bool IsExhausted, bool IsBroadcast,
    DateTimeOffset? NextEscalationAt, IReadOnlyList<string> CurrentHolders, bool ReadNotAcknowledged, bool IsDrill, AckNotClosed? NotClosed = null)
{
    /// <summary>Exhausted, or at the last layer (the department head's page and call): pinned in red. Not once acknowledged.</summary>
    public bool IsPinned => NotClosed is null && (IsExhausted || (LayerCount > 0 && CurrentLayer >= LayerCount));
}

/// <summary>"Acknowledged, not closed": who acknowledged it (their name) and since when.</summary>
public sealed record AckNotClosed(string AcknowledgedBy, DateTimeOffset Since);

/// <summary>Read side of the inbox and the board; no patient information (subjects only, bodies stay encrypted).</summary>
public sealed class InboxQueries(IDbContextFactory<EscalationDbContext> contexts)
{
    /// <summary>Messages delivered to <paramref name="userId"/>: open first, then Critical before Urgent before Routine, oldest first.</summary>
    public async Task<IReadOnlyList<InboxItem>> InboxAsync(string userId, int take = 100, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = db.Deliveries.Where(d => d.RecipientId == userId).Select(d => d.MessageId).Distinct();
        var messages = await db.Messages.AsNoTracking().Include(m => m.Deliveries).Where(m => ids.Contains(m.Id))
            .OrderByDescending(m => m.CreatedAt).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Code, cancellationToken);
        return messages
            .Select(m =>
            {
                var mine = m.Deliveries.Where(d => d.RecipientId == userId).ToList();
                var currentLayer = m.IsBroadcast ? 0 : m.CurrentLayer;
                return new InboxItem(m.Id.Value, m.Tier, m.State, m.Subject, units.GetValueOrDefault(m.UnitId, "?"), m.CreatedAt, m.CurrentLayer, m.IsExhausted, m.IsBroadcast,
                    m.State == MessageState.Open ? m.DeadlineAt : null, mine.Min(d => d.ReadAt), m.AcknowledgedBy, m.AcknowledgedAt,
                    mine.Any(d => d.Layer == currentLayer && !d.IsReminder),
                    m.State == MessageState.Acknowledged ? mine.Where(d => d.IsReminder).Min(d => (DateTimeOffset?)d.DeliveredAt) : null);
            })
            // A reminder to close comes right after what still needs acknowledging.
            .OrderBy(i => i.State == MessageState.Open ? 0 : i.RemindedMeAt is not null ? 1 : 2)
            .ThenBy(i => i.Tier)
            .ThenBy(i => i.CreatedAt)
            .ToList();
    }

    /// <summary>
    /// Every open message of the given units (all units when null), and every acknowledged one the forgotten-acknowledgment
    /// sweep put on the board; pinned ones first, then by tier and age.
    /// </summary>
    public async Task<IReadOnlyList<BoardItem>> BoardAsync(IReadOnlyCollection<Guid>? unitIds, Tier? tier, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Messages.AsNoTracking().Include(m => m.Deliveries)
            .Where(m => m.State == MessageState.Open || (m.State == MessageState.Acknowledged && m.AckFlaggedAt != null));
        if (unitIds is not null)
        {
            var units = unitIds.Select(u => new UnitId(u)).ToList();
            query = query.Where(m => units.Contains(m.UnitId));
        }

        if (tier is { } wanted)
        {
            query = query.Where(m => m.Tier == wanted);
        }

        var messages = await query.OrderBy(m => m.CreatedAt).Take(500).ToListAsync(cancellationToken);
        var codes = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Code, cancellationToken);
        var ladderIds = messages.Where(m => m.LadderId != null).Select(m => m.LadderId!.Value).Distinct().ToList();
        var layerCounts = (await db.Ladders.AsNoTracking().Where(l => ladderIds.Contains(l.Id)).ToListAsync(cancellationToken)).ToDictionary(l => l.Id, l => l.Layers.Count);
        var people = messages.SelectMany(m => m.Deliveries.Select(d => d.RecipientId)).Concat(messages.Where(m => m.AcknowledgedBy != null).Select(m => m.AcknowledgedBy!))
            .Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return messages
            .Select(m =>
            {
                var layer = m.IsBroadcast ? 0 : m.CurrentLayer;
                var current = m.Deliveries.Where(d => d.Layer == layer && !d.IsReminder).ToList();
                var notClosed = m.State == MessageState.Acknowledged && m.AcknowledgedBy is { } acker && m.AcknowledgedAt is { } since
                    ? new AckNotClosed(names.GetValueOrDefault(acker, acker), since)
                    : null;
                return new BoardItem(m.Id.Value, m.Tier, m.Subject, m.UnitId.Value, codes.GetValueOrDefault(m.UnitId, "?"), m.CreatedAt, m.CurrentLayer,
                    m.LadderId is { } id ? layerCounts.GetValueOrDefault(id) : 0, m.IsExhausted, m.IsBroadcast, m.DeadlineAt,
                    current.Select(d => d.RecipientId).Distinct().Select(u => names.GetValueOrDefault(u, u)).Order().ToList(),
                    current.Any(d => d.ReadAt != null) && m.AcknowledgedAt == null, m.IsDrill, notClosed);
            })
            .OrderBy(i => i.IsPinned ? 0 : 1)
            .ThenBy(i => i.Tier)
            .ThenBy(i => i.CreatedAt)
            .ToList();
    }
}
