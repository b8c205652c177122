using Microsoft.Extensions.Logging;

namespace Escalation.Infrastructure.Paging;

/// <summary>Places due call retries every second.</summary>
internal sealed class TelephonyRetryService(TelephonyPaging paging, TimeProvider clock, ILogger<TelephonyRetryService> logger) : Microsoft.Extensions.Hosting.BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await paging.PlaceDueAsync(stoppingToken);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Placing due call retries failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(5), clock, stoppingToken);
            }
        }
    }
}
