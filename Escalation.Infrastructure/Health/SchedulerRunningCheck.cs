using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Escalation.Infrastructure.Health;

/// <summary>Escalation deadlines fire only while the scheduler runs, so a stopped scheduler makes the node not ready.</summary>
internal sealed class SchedulerRunningCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var factory = services.GetService<ISchedulerFactory>();
        if (factory is null)
        {
            return HealthCheckResult.Unhealthy("Scheduler disabled.");
        }

        var scheduler = await factory.GetScheduler(cancellationToken);
        return await scheduler.GetStatus(cancellationToken) == SchedulerStatus.Running
            ? HealthCheckResult.Healthy("Scheduler running.")
            : HealthCheckResult.Unhealthy("Scheduler not running.");
    }
}
