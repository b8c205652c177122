using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Escalation.Infrastructure.Scheduling;

/// <summary>
/// The node's two Quartz schedulers: the shared one (persistent store, clustered on PostgreSQL and SQL Server: roster
/// sync and compliance chores) and the node's own in-memory one that runs the due-step job. Deadlines fire only
/// while both run, so health and the system page ask about both.
/// </summary>
public sealed class EscalationSchedulers(IServiceProvider services)
{
    /// <summary>
    /// Jobs earlier releases kept in the shared store: the per-message deadline job, and the cluster-wide due-step
    /// job that this node's own scheduler replaces. Left there, their triggers would go on firing on the shared
    /// scheduler (or fail to load there), and an older node's trigger held by a dead node would still wait for
    /// Quartz's recovery.
    /// </summary>
    private static readonly JobKey[] Retired = [new("deadline", "escalation"), new("due-steps", "escalation")];

    private int _retiredRemoved;

    /// <summary>The name the due-step scheduler is registered under.</summary>
    public const string DueSteps = "escalation-due-steps";

    /// <summary>The shared scheduler, or null in a host that registered none.</summary>
    public async Task<IScheduler?> SharedAsync(CancellationToken cancellationToken = default) =>
        services.GetService<ISchedulerFactory>() is { } factory ? await factory.GetScheduler(cancellationToken) : null;

    /// <summary>This node's due-step scheduler (built on demand from its registration), or null in a host that registered none.</summary>
    public async Task<IScheduler?> DueStepsAsync(CancellationToken cancellationToken = default) =>
        services.GetService<ISchedulerFactory>() is { } factory ? await factory.LookupScheduler(DueSteps, cancellationToken) : null;

    /// <summary>
    /// Removes the retired jobs and their triggers from the shared store, once per process: called by the first run of
    /// the due-step job, when the shared scheduler has provisioned its tables. A failure is the caller's to log; the
    /// next call does not retry, as steps are taken here all the same.
    /// </summary>
    public async Task RemoveRetiredJobsOnceAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _retiredRemoved, 1) != 0 || await SharedAsync(cancellationToken) is not { } shared)
        {
            return;
        }

        foreach (var job in Retired)
        {
            await shared.DeleteJob(job, cancellationToken);
        }
    }
}
