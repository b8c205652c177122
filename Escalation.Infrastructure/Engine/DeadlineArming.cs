using System.Threading.Channels;
using Escalation.Domain.Messages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Escalation.Infrastructure.Engine;

/// <summary>
/// Arms and disarms deadline triggers off the request path, in batches: one Quartz transaction for many triggers
/// instead of one per step. Safe because the database, not the trigger, decides every step: a trigger that fires
/// for an acknowledged message changes nothing, and a step whose trigger was never armed (the process died with it
/// still queued) is fired by the overdue auditor.
/// </summary>
public sealed class DeadlineArming : IDeadlineScheduler
{
    private readonly Channel<(MessageId Id, DateTimeOffset? At)> _queue =
        Channel.CreateUnbounded<(MessageId, DateTimeOffset?)>(new UnboundedChannelOptions { SingleReader = true });
    private int _pending;

    /// <summary>Requests queued and not yet written to Quartz.</summary>
    public int Pending => Volatile.Read(ref _pending);

    public Task ScheduleAsync(MessageId messageId, DateTimeOffset at, CancellationToken cancellationToken) => Enqueue(messageId, at);

    public Task CancelAsync(MessageId messageId, CancellationToken cancellationToken) => Enqueue(messageId, null);

    internal ChannelReader<(MessageId Id, DateTimeOffset? At)> Reader => _queue.Reader;

    internal void Done(int count) => Interlocked.Add(ref _pending, -count);

    private Task Enqueue(MessageId id, DateTimeOffset? at)
    {
        Interlocked.Increment(ref _pending);
        _queue.Writer.TryWrite((id, at));
        return Task.CompletedTask;
    }
}

/// <summary>Drains <see cref="DeadlineArming"/> into Quartz; on shutdown it writes what is still queued first.</summary>
internal sealed class DeadlineArmingService(DeadlineArming arming, QuartzDeadlineScheduler quartz, ILogger<DeadlineArmingService> logger) : BackgroundService
{
    // Small enough that one batch never holds a SQLite write lock long enough to delay firing; large enough to amortise.
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await arming.Reader.WaitToReadAsync(stoppingToken))
            {
                // Not cancelled by stopping: a batch already taken off the queue must reach Quartz, or its steps would
                // wait for the auditor. StopAsync waits for this write, then drains whatever is left.
                await DrainAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Registered after Quartz, so this stops first, while the scheduler can still store what was queued.
        await DrainAsync(cancellationToken);
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = new Dictionary<MessageId, DateTimeOffset?>();
            var taken = 0;
            while (taken < BatchSize && arming.Reader.TryRead(out var request))
            {
                batch[request.Id] = request.At; // the latest request for a message wins
                taken++;
            }

            if (taken == 0)
            {
                return;
            }

            try
            {
                await quartz.ApplyAsync(batch, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Could not arm {Count} deadline trigger(s); the overdue auditor will fire those steps", batch.Count);
            }
            finally
            {
                arming.Done(taken);
            }
        }
    }
}
