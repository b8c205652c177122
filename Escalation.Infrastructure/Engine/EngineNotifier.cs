using System.Collections.Concurrent;
using Escalation.Domain.Messages;

namespace Escalation.Infrastructure.Engine;

public sealed record MessageChanged(MessageId MessageId, IReadOnlyCollection<string> RecipientIds, MessageState State, int Layer);

/// <summary>
/// Tells live screens that a message changed, after the change committed (a rolled-back step notifies nobody).
/// In-process; with several nodes PostgreSQL LISTEN/NOTIFY will feed it.
/// </summary>
public sealed class EngineNotifier
{
    private readonly ConcurrentDictionary<Guid, Action<MessageChanged>> _subscribers = new();

    public IDisposable Subscribe(Action<MessageChanged> onChange)
    {
        var id = Guid.NewGuid();
        _subscribers[id] = onChange;
        return new Subscription(() => _subscribers.TryRemove(id, out _));
    }

    public void Publish(MessageChanged change)
    {
        foreach (var subscriber in _subscribers.Values)
        {
            try
            {
                subscriber(change);
            }
            catch (Exception)
            {
                // A broken screen must not turn a committed step into an error for whoever caused it.
            }
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
