using Escalation.Domain.Ladders;
using Escalation.Infrastructure.Engine;

namespace Escalation.Infrastructure.Paging;

/// <summary>Sends the outbox's SMS and voice pages through <see cref="TelephonyPaging"/>.</summary>
internal sealed class TelephonySender(TelephonyPaging paging, Channels channel) : IChannelSender
{
    public Channels Channel => channel;

    public Task SendAsync(OutboxItem item, CancellationToken cancellationToken) => paging.SendAsync(item, cancellationToken);
}
