using Microsoft.Extensions.Hosting;

namespace Escalation.Infrastructure.Engine;

/// <summary>
/// Runs the engine's safety net on every node at a fixed interval. Firing a step twice is harmless (the
/// transactional claim lets one win), so nodes need no coordination.
/// </summary>
internal sealed class OverdueAuditor(EscalationEngine engine, EngineOptions options, TimeProvider clock, ILogger<OverdueAuditor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.AuditorInterval, clock, stoppingToken);
                await engine.SweepOverdueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "The overdue auditor failed; it tries again next interval");
            }
        }
    }
}
