using Escalation.Domain.Ladders;
using Escalation.Infrastructure.Hosting;

namespace Escalation.Infrastructure.Engine;

/// <summary>Sends one outbox item on one channel. SMS and voice senders arrive with the telephony issue.</summary>
public interface IChannelSender
{
    Channels Channel { get; }

    Task SendAsync(OutboxItem item, CancellationToken cancellationToken);
}

/// <summary>The inbox is our own database: the delivery row is the inbox item, so sending it is telling live screens.</summary>
internal sealed class InboxSender : IChannelSender
{
    public Channels Channel => Channels.Inbox;

    public Task SendAsync(OutboxItem item, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Sends what committed steps queued. An item is marked sent only after its channel accepted it; an item for a
/// channel with no sender stays queued (visible, not silently dropped).
/// </summary>
public sealed class OutboxDispatcher(IDbContextFactory<EscalationDbContext> contexts, IEnumerable<IChannelSender> senders, TimeProvider clock, ILogger<OutboxDispatcher> logger)
{
    private const int MaxParallelSends = 8;

    private readonly Dictionary<Channels, IChannelSender> _senders = senders.ToDictionary(s => s.Channel);

    public async Task<int> DispatchPendingAsync(int batchSize = 200, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var channels = _senders.Keys.ToList();
        var pending = await db.Outbox.Where(o => o.SentAt == null && channels.Contains(o.Channel))
            .OrderBy(o => o.CreatedAt).Take(batchSize).ToListAsync(cancellationToken);
        // Side by side, a few at a time: a phone page waiting on a slow or failing Twilio (retries, timeouts) must not
        // hold up the pages queued behind it. Each task touches only its own row; the context saves them at the end.
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<(OutboxItem Item, string? Error)>();
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelSends, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            // The page joins its message's trace (whichever node took the step), so intake to page is one trace.
            using var span = Telemetry.EscalationTelemetry.StartInMessageTrace("escalation.page", item.MessageId, System.Diagnostics.ActivityKind.Producer);
            span?.SetTag("escalation.channel", item.Channel.ToString());
            span?.SetTag("escalation.layer", item.Layer);
            try
            {
                await _senders[item.Channel].SendAsync(item, ct);
                outcomes.Add((item, null));
                Telemetry.EscalationTelemetry.PageSent(item.Channel.ToString());
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Sending {Key} failed", item.IdempotencyKey);
                outcomes.Add((item, exception.Message));
                Telemetry.EscalationTelemetry.PageFailed(item.Channel.ToString());
                span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
            }
        });
        foreach (var (item, error) in outcomes)
        {
            if (error is null)
            {
                item.MarkSent(clock.GetUtcNow());
            }
            else
            {
                item.MarkFailed(error);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return pending.Count;
    }
}

internal sealed class OutboxDispatchService(OutboxDispatcher dispatcher, TimeProvider clock, ILogger<OutboxDispatchService> logger) : PollingService(clock, logger)
{
    protected override string Work => "Outbox dispatch";

    /// <summary>Straight on while there is work; a second's pause once the outbox is empty.</summary>
    protected override async Task<TimeSpan> StepAsync(CancellationToken cancellationToken) =>
        await dispatcher.DispatchPendingAsync(cancellationToken: cancellationToken) == 0 ? TimeSpan.FromSeconds(1) : TimeSpan.Zero;
}
