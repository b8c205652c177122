using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Escalation.Infrastructure.Engine;

/// <summary>
/// One message changed (<see cref="ReloadAll"/> false), or this node may have missed changes and every screen should
/// reload (<see cref="ReloadAll"/> true, <see cref="MessageId"/> empty). Carries ids and a state only: it crosses
/// nodes through PostgreSQL NOTIFY, where patient data must never go.
/// </summary>
public sealed record MessageChanged(MessageId MessageId, IReadOnlyCollection<string> RecipientIds, MessageState State, int Layer)
{
    public UnitId? UnitId { get; init; }

    public bool ReloadAll { get; init; }

    public static MessageChanged Reload { get; } = new(new MessageId(Guid.Empty), [], MessageState.Open, 0) { ReloadAll = true };
}

/// <summary>
/// Tells live screens that a message changed, after the change committed (a rolled-back step notifies nobody).
/// Local subscribers hear at once; on PostgreSQL <see cref="ClusterNotifications"/> takes <see cref="Outgoing"/> to
/// the other nodes with NOTIFY and hands theirs to <see cref="Deliver"/> (docs/decisions/033).
/// </summary>
public sealed class EngineNotifier
{
    private readonly ConcurrentDictionary<Guid, Action<MessageChanged>> _subscribers = new();

    // Unbounded but drained continuously; only filled when a relay reads it (see RelayOutgoing).
    private readonly Channel<MessageChanged> _outgoing = Channel.CreateUnbounded<MessageChanged>(new UnboundedChannelOptions { SingleReader = true });
    private volatile bool _relaying;

    /// <summary>This process, so a node can ignore the NOTIFY of its own changes (already delivered in-process).</summary>
    public string NodeId { get; } = Guid.NewGuid().ToString("N")[..12];

    internal ChannelReader<MessageChanged> Outgoing => _outgoing.Reader;

    /// <summary>Called by the relay once it runs; before that (and on SQLite) changes stay in-process.</summary>
    internal void RelayOutgoing() => _relaying = true;

    public IDisposable Subscribe(Action<MessageChanged> onChange)
    {
        var id = Guid.NewGuid();
        _subscribers[id] = onChange;
        return new Subscription(() => _subscribers.TryRemove(id, out _));
    }

    public void Publish(MessageChanged change)
    {
        Deliver(change);
        if (_relaying)
        {
            _outgoing.Writer.TryWrite(change);
        }
    }

    /// <summary>Local subscribers only: a change from another node, or the reload after a lost listener.</summary>
    public void Deliver(MessageChanged change)
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
