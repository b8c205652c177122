using Quartz;

namespace Escalation.Infrastructure.Engine;

/// <summary>
/// The one Quartz job of escalation deadlines: every <see cref="EngineOptions.DueStepInterval"/> it takes every due
/// step in claimed batches. Quartz remains the scheduler of record (its clustered store decides which node runs it,
/// and <see cref="DisallowConcurrentExecutionAttribute"/> holds across the cluster), but a step no longer costs a
/// trigger write, fire and completion of its own: the message's <c>DeadlineAt</c> is its timer.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class DueStepJob(EscalationEngine engine, ILogger<DueStepJob> logger) : IJob
{
    public static readonly JobKey Key = new("due-steps", "escalation");

    /// <summary>The per-message job of earlier releases: removed once, with its triggers, so they cannot fail to load.</summary>
    private static readonly JobKey Legacy = new("deadline", "escalation");
    private static int _legacyRemoved;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _legacyRemoved, 1) == 0)
        {
            try
            {
                await context.Scheduler.DeleteJob(Legacy, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Left behind, an old trigger only fails to load its job; the steps are taken here all the same.
                logger.LogWarning(exception, "Could not remove the per-message deadline job of an earlier release");
            }
        }

        try
        {
            await engine.TakeDueStepsAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Logged, not thrown: the next run (a fraction of a second later) tries again, and the auditor is behind it.
            logger.LogError(exception, "Taking due steps failed; the next run tries again");
        }
    }
}
