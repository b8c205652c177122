using Escalation.Infrastructure.Scheduling;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Escalation.Infrastructure.Health;

/// <summary>
/// Escalation deadlines fire only while this node's due-step scheduler runs, and the chores only while the shared
/// one does, so either stopped makes the node not ready.
/// </summary>
internal sealed class SchedulerRunningCheck(EscalationSchedulers schedulers) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var shared = await schedulers.SharedAsync(cancellationToken);
        var dueSteps = await schedulers.DueStepsAsync(cancellationToken);
        if (shared is null || dueSteps is null)
        {
            return HealthCheckResult.Unhealthy("Scheduler disabled.");
        }

        return await shared.GetStatus(cancellationToken) == SchedulerStatus.Running && await dueSteps.GetStatus(cancellationToken) == SchedulerStatus.Running
            ? HealthCheckResult.Healthy("Scheduler running.")
            : HealthCheckResult.Unhealthy("Scheduler not running.");
    }
}
