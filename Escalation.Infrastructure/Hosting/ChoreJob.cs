using Quartz;

namespace Escalation.Infrastructure.Hosting;

/// <summary>
/// A Quartz job that runs one periodic chore (roster sync, compliance reports). A failure is logged, not thrown: the
/// chore runs again at its next interval, and a job Quartz records as faulted would help nobody.
/// </summary>
internal abstract class ChoreJob(ILogger logger) : IJob
{
    /// <summary>The chore as the failure's log line names it ("Roster sync").</summary>
    protected abstract string Chore { get; }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "{Chore} failed; it runs again at the next interval", Chore);
        }
    }

    protected abstract Task RunAsync(CancellationToken cancellationToken);
}
