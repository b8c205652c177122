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

    public async Task ScheduleAsync(MessageId messageId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var job = JobBuilder.Create<DeadlineJob>().WithIdentity(Job).StoreDurably().Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(KeyOf(messageId))
            .ForJob(Job)
            .UsingJobData(MessageIdKey, messageId.Value.ToString())
            .StartAt(at)
            .Build();
        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
    }

    public async Task CancelAsync(MessageId messageId, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        await scheduler.UnscheduleJob(KeyOf(messageId), cancellationToken);
    }

    public static TriggerKey KeyOf(MessageId messageId) => new($"deadline-{messageId.Value}", "escalation");
}
