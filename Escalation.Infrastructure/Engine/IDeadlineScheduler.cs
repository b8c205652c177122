using Escalation.Domain.Messages;

namespace Escalation.Infrastructure.Engine;

/// <summary>Arms and disarms the one timer of an open message. Called after the step that set the deadline commits.</summary>
public interface IDeadlineScheduler
{
    Task ScheduleAsync(MessageId messageId, DateTimeOffset at, CancellationToken cancellationToken);

    Task CancelAsync(MessageId messageId, CancellationToken cancellationToken);
}
