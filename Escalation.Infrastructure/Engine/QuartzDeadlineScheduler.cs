using Escalation.Domain.Messages;
using Quartz;

namespace Escalation.Infrastructure.Engine;

/// <summary>
/// One Quartz trigger per open message, keyed by the message id, in the persistent store: it survives a restart
/// and, on PostgreSQL, fires on whichever node of the cluster is alive.
/// </summary>
internal sealed class QuartzDeadlineScheduler(ISchedulerFactory factory) : IDeadlineScheduler
{
    public const string MessageIdKey = "messageId";
    private static readonly JobKey Job = new("deadline", "escalation");
    private readonly SemaphoreSlim _jobStored = new(1, 1);
    private volatile bool _jobExists;

    public async Task ScheduleAsync(MessageId messageId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        await EnsureJobAsync(scheduler, cancellationToken);
        var trigger = TriggerBuilder.Create()
            .WithIdentity(KeyOf(messageId))
            .ForJob(Job)
            .UsingJobData(MessageIdKey, messageId.Value.ToString())
            .StartAt(at)
            .Build();
        await scheduler.ScheduleJob(trigger, ScheduleJobOptions.Replacing, cancellationToken);
    }

    /// <summary>The one durable job every deadline trigger points at, stored once per process rather than with every trigger.</summary>
    private async Task EnsureJobAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        if (_jobExists)
        {
            return;
        }

        await _jobStored.WaitAsync(cancellationToken);
        try
        {
            if (!_jobExists)
            {
                var job = JobBuilder.Create<DeadlineJob>().WithIdentity(Job).StoreDurably().Build();
                await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);
                _jobExists = true;
            }
        }
        finally
        {
            _jobStored.Release();
        }
    }

    public async Task CancelAsync(MessageId messageId, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        await scheduler.UnscheduleJob(KeyOf(messageId), cancellationToken);
    }

    public static TriggerKey KeyOf(MessageId messageId) => new($"deadline-{messageId.Value}", "escalation");
}
