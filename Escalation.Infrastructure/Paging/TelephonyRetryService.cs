using Escalation.Infrastructure.Hosting;

namespace Escalation.Infrastructure.Paging;

/// <summary>Places due call retries every second.</summary>
internal sealed class TelephonyRetryService(TelephonyPaging paging, TimeProvider clock, ILogger<TelephonyRetryService> logger) : PollingService(clock, logger)
{
    protected override string Work => "Placing due call retries";

    protected override async Task<TimeSpan> StepAsync(CancellationToken cancellationToken)
    {
        await paging.PlaceDueAsync(cancellationToken);
        return TimeSpan.FromSeconds(1);
    }
}
