namespace Escalation.Infrastructure.Engine;

/// <summary>
/// One audited step of a message. <see cref="RecipientId"/> and <see cref="RecipientName"/> say whom the step was for
/// (a delivery, a page, a reassignment) as data; <see cref="Detail"/> is the rest of the audited detail.
/// </summary>
public sealed record MessageEventView(
    long Sequence, DateTimeOffset At, string Kind, string Actor, int? Layer, string? Channel, string? Detail, string? RecipientId = null, string? RecipientName = null);

public sealed record RecipientView(string UserId, string DisplayName, string Channel, DateTimeOffset DeliveredAt, DateTimeOffset? ReadAt, DateTimeOffset? AcknowledgedAt);

public sealed record MessageView(
    Guid Id,
    Tier Tier,
    MessageState State,
    string Subject,
    string Body,
    string? PatientRef,
    MessageSource Source,
    string? ExternalId,
    Guid UnitId,
    bool IsBroadcast,
    bool IsExhausted,
    int CurrentLayer,
    DateTimeOffset? NextEscalationAt,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    CloseOutcome? Outcome,
    string? CloseNote,
    IReadOnlyList<RecipientView> CurrentRecipients,
    IReadOnlyList<MessageEventView> Events);

public sealed record MessageSummary(Guid Id, string Tier, string State, string Subject, Guid UnitId, int CurrentLayer, bool IsExhausted, DateTimeOffset CreatedAt, DateTimeOffset? NextEscalationAt);

/// <summary>Read side of messages for the API and the pages; decrypts patient information only for the caller it is shown to.</summary>
public sealed class MessageQueries(IDbContextFactory<EscalationDbContext> contexts, PatientDataProtector protector)
{
    public async Task<Message?> FindAsync(MessageId id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Messages.AsNoTracking().Include(m => m.Deliveries).SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
    }

    public async Task<MessageView?> GetAsync(MessageId id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var message = await db.Messages.AsNoTracking().Include(m => m.Deliveries).SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (message is null)
        {
            return null;
        }

        var events = await db.AuditEntries.AsNoTracking().Where(e => e.MessageId == id.Value).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        var current = message.Deliveries.Where(d => d.Layer == (message.IsBroadcast ? 0 : message.CurrentLayer)).ToList();
        var steps = events.Select(e => (Entry: e, Split: AuditDetail.Split(e.Detail))).ToList();
        var userIds = current.Select(d => d.RecipientId).Concat(steps.Select(s => s.Split.RecipientId).OfType<string>()).Distinct().ToList();
        var names = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return new MessageView(
            message.Id.Value,
            message.Tier,
            message.State,
            message.Subject,
            protector.Unprotect(message.Body),
            message.PatientRef is { } patientRef ? protector.Unprotect(patientRef) : null,
            message.Source,
            message.ExternalId,
            message.UnitId.Value,
            message.IsBroadcast,
            message.IsExhausted,
            message.CurrentLayer,
            message.State == MessageState.Open ? message.DeadlineAt : null,
            message.CreatedAt,
            message.CreatedBy,
            message.AcknowledgedBy,
            message.AcknowledgedAt,
            message.Outcome,
            message.CloseNote is { } closeNote ? protector.Unprotect(closeNote) : null,
            current.OrderBy(d => d.Page).ThenBy(d => d.RecipientId)
                .Select(d => new RecipientView(d.RecipientId, names.GetValueOrDefault(d.RecipientId, d.RecipientId), d.Channel.ToString(), d.DeliveredAt, d.ReadAt, d.AcknowledgedAt))
                .ToList(),
            steps.Select(s => new MessageEventView(s.Entry.Id, s.Entry.At, s.Entry.Kind, s.Entry.Actor, s.Entry.Layer, s.Entry.Channel, s.Split.Detail,
                s.Split.RecipientId, s.Split.RecipientId is { } recipient ? names.GetValueOrDefault(recipient, recipient) : null)).ToList());
    }

    /// <summary>The newest messages of <paramref name="units"/> (every unit when null), filtered before the page is taken.</summary>
    public async Task<IReadOnlyList<MessageSummary>> ListAsync(MessageState? state, int take, IReadOnlyCollection<UnitId>? units = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Messages.AsNoTracking();
        if (units is not null)
        {
            var unitIds = units.ToList();
            query = query.Where(m => unitIds.Contains(m.UnitId));
        }

        if (state is { } wanted)
        {
            query = query.Where(m => m.State == wanted);
        }

        var rows = await query.OrderByDescending(m => m.CreatedAt).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
        return rows.Select(m => new MessageSummary(m.Id.Value, m.Tier.ToString(), m.State.ToString(), m.Subject, m.UnitId.Value, m.CurrentLayer, m.IsExhausted, m.CreatedAt,
            m.State == MessageState.Open ? m.DeadlineAt : null)).ToList();
    }
}
