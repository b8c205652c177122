using Escalation.Domain.Messages;
using Escalation.Domain.Organisation;
using Escalation.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Escalation.Infrastructure.Engine;

public sealed record MessageEventView(long Sequence, DateTimeOffset At, string Kind, string Actor, int? Layer, string? Channel, string? Detail);

public sealed record RecipientView(string UserId, string DisplayName, string Channel, DateTimeOffset DeliveredAt, DateTimeOffset? ReadAt, DateTimeOffset? AcknowledgedAt);

public sealed record MessageView(
    Guid Id,
    string Tier,
    string State,
    string Subject,
    string Body,
    string? PatientRef,
    string Source,
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
    string? Outcome,
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
        var userIds = current.Select(d => d.RecipientId).Distinct().ToList();
        var names = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return new MessageView(
            message.Id.Value,
            message.Tier.ToString(),
            message.State.ToString(),
            message.Subject,
            protector.Unprotect(message.Body),
            message.PatientRef is { } patientRef ? protector.Unprotect(patientRef) : null,
            message.Source.ToString(),
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
            message.Outcome?.ToString(),
            message.CloseNote is { } closeNote ? protector.Unprotect(closeNote) : null,
            current.OrderBy(d => d.Page).ThenBy(d => d.RecipientId)
                .Select(d => new RecipientView(d.RecipientId, names.GetValueOrDefault(d.RecipientId, d.RecipientId), d.Channel.ToString(), d.DeliveredAt, d.ReadAt, d.AcknowledgedAt))
                .ToList(),
            events.Select(e => new MessageEventView(e.Id, e.At, e.Kind, e.Actor, e.Layer, e.Channel, e.Detail)).ToList());
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
