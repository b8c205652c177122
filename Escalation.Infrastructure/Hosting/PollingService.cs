using Microsoft.Extensions.Hosting;

namespace Escalation.Infrastructure.Hosting;

/// <summary>
/// The loop every poller runs (outbox, audit chain, call retries): one step, the pause it asks for, and on a failure a
/// log line and a longer pause, so that one bad step never stops the loop and shutting down ends it quietly. The
/// pauses run on the <see cref="TimeProvider"/>, so tests move them with their clock.
/// </summary>
internal abstract class PollingService(TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>What the step does, as the failure's log line names it ("Outbox dispatch").</summary>
    protected abstract string Work { get; }

    protected virtual TimeSpan AfterFailure => TimeSpan.FromSeconds(5);

    /// <summary>One pass; answers how long to wait before the next (zero when there may be more to do at once).</summary>
    protected abstract Task<TimeSpan> StepAsync(CancellationToken cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pause = await StepAsync(stoppingToken);
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, clock, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "{Work} failed; retrying", Work);
                await Task.Delay(AfterFailure, clock, stoppingToken);
            }
        }
    }
}
