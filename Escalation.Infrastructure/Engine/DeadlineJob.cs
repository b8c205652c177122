using Escalation.Domain.Messages;
using Quartz;

namespace Escalation.Infrastructure.Engine;

/// <summary>A message's deadline fired. The engine decides in one transaction whether anything is still due.</summary>
internal sealed class DeadlineJob(EscalationEngine engine) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(context.MergedJobDataMap.GetString(QuartzDeadlineScheduler.MessageIdKey)!);
        await engine.FireDeadlineAsync(new MessageId(id), cancellationToken);
    }
}
