using Microsoft.Extensions.Hosting;

namespace Escalation.Infrastructure.Fhir.Lifecycle;

/// <summary>
/// Runs the write-back sweep on every node every <see cref="FhirWriteBackOptions.Interval"/>. Nodes need no
/// coordination: the unique (message, kind) index and the per-attempt claim let one of them win each piece of work.
/// </summary>
internal sealed class CommunicationWriteBackService(CommunicationWriteBack writeBack, FhirWriteBackOptions options, TimeProvider clock, ILogger<CommunicationWriteBackService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Interval, clock, stoppingToken);
                await writeBack.RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "The FHIR write-back sweep failed; it tries again next interval");
            }
        }
    }
}
