using Escalation.Infrastructure.Scheduling;
using Quartz;

namespace Escalation.Infrastructure.Engine;

/// <summary>
/// The one Quartz job of escalation deadlines: every <see cref="EngineOptions.DueStepInterval"/> it takes every due
/// step in claimed batches. Quartz remains the scheduler of record, but each node runs this job on its own in-memory
/// scheduler (<see cref="EscalationSchedulers.DueSteps"/>): no node holds a trigger the others wait for, so a node
/// killed mid-run costs the survivors nothing but its batch, which rolls back with its connection. The claim, not
/// Quartz, keeps a step to one node (<see cref="DueStepClaim"/>); a step no longer costs a trigger write, fire and
/// completion of its own: the message's <c>DeadlineAt</c> is its timer.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class DueStepJob(EscalationEngine engine, EscalationSchedulers schedulers, ILogger<DueStepJob> logger) : IJob
{
    public static readonly JobKey Key = new("due-steps", "escalation");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await schedulers.RemoveRetiredJobsOnceAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Left behind, an old trigger only runs this job on the shared scheduler too (the claim keeps that
            // harmless) or fails to load its job; the steps are taken here all the same.
            logger.LogWarning(exception, "Could not remove the scheduler jobs of an earlier release");
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
