using Escalation.Domain.Common;
using Escalation.Infrastructure.Access;

namespace Escalation.Infrastructure.Engine;

/// <summary>
/// The reply thread of a message. A reply never acknowledges or stops the escalation (only the ACK does); it is
/// audited, and everybody the message reached sees it live.
/// </summary>
public sealed class MessageReplies(IDbContextFactory<EscalationDbContext> contexts, PatientDataProtector protector, EngineNotifier notifier, TimeProvider clock)
{
    public const int MaxLength = 1000;

    /// <summary>A reply by anyone who may see the message, under <see cref="MessageAccess.MayReply"/> (compliance reads the thread, never writes on it).</summary>
    public async Task<Result> ReplyAsync(MessageId id, Caller caller, string text, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var message = await db.Messages.AsNoTracking().Include(m => m.Deliveries).SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (message is null || !MessageAccess.MayView(caller, message))
        {
            return Result.Fail("not-found", "No such message.");
        }

        if (MessageAccess.MayReply(caller, message) is { Succeeded: false } refused)
        {
            return refused;
        }

        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length is 0 or > MaxLength)
        {
            return Result.Fail("invalid", $"A reply is 1 to {MaxLength} characters.");
        }

        var userId = caller.UserId;
        var now = clock.GetUtcNow();
        db.Add(new MessageReply(id, userId, protector.Protect(trimmed), now));
        await AuditWriter.SaveAsync(db, [new AuditRecord(now, userId, nameof(MessageEventKind.Replied), id.Value, message.CurrentLayer, Detail: $"{trimmed.Length} characters")], cancellationToken);
        notifier.Publish(new MessageChanged(id, message.RecipientIds.Append(message.CreatedBy).Distinct().ToList(), message.State, message.CurrentLayer) { UnitId = message.UnitId });
        return Result.Ok;
    }

    public async Task<IReadOnlyList<ReplyView>> ThreadAsync(MessageId id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var replies = await db.Set<MessageReply>().AsNoTracking().Where(r => r.MessageId == id).ToListAsync(cancellationToken);
        var people = replies.Select(r => r.UserId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return replies.OrderBy(r => r.At).Select(r => new ReplyView(r.Id, r.UserId, names.GetValueOrDefault(r.UserId, r.UserId), protector.Unprotect(r.Text), r.At)).ToList();
    }
}
