using Escalation.Domain.Messages;
using Quartz;

namespace Escalation.Infrastructure.Engine;

/// <summary>
/// One Quartz trigger per open message, keyed by the message id, in the persistent store: it survives a restart
/// and, on PostgreSQL, fires on whichever node of the cluster is alive. Written in batches by
/// <see cref="DeadlineArmingService"/>; the durable job they all point at is stored with each batch.
/// </summary>
internal sealed class QuartzDeadlineScheduler(ISchedulerFactory factory)
{
    public const string MessageIdKey = "messageId";
    private static readonly JobKey Job = new("deadline", "escalation");

    public async Task ApplyAsync(IReadOnlyDictionary<MessageId, DateTimeOffset?> changes, CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var cancels = changes.Where(c => c.Value is null).Select(c => KeyOf(c.Key)).ToList();
        if (cancels.Count > 0)
        {
            await scheduler.UnscheduleJobs(cancels, cancellationToken);
        }

        var triggers = changes.Where(c => c.Value is not null)
            .Select(c => (ITrigger)TriggerBuilder.Create()
                .WithIdentity(KeyOf(c.Key))
                .ForJob(Job)
                .UsingJobData(MessageIdKey, c.Key.Value.ToString())
                .StartAt(c.Value!.Value)
                .Build())
            .ToList();
        if (triggers.Count > 0)
        {
            var job = JobBuilder.Create<DeadlineJob>().WithIdentity(Job).StoreDurably().Build();
            await scheduler.ScheduleJobs(new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>> { [job] = triggers }, ScheduleJobOptions.Replacing, cancellationToken);
        }
    }

    public static TriggerKey KeyOf(MessageId messageId) => new($"deadline-{messageId.Value}", "escalation");
}
