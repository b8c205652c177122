using System.Collections.Concurrent;

namespace Escalation.Web.Security;

/// <summary>
/// When each session last saw its person act: a page load, or the browser reporting keyboard or pointer use.
/// A Blazor circuit keeps a page alive over its websocket with no HTTP request at all, so the cookie's sliding
/// expiry alone cannot tell an active nurse from an abandoned workstation; live updates pushed to the page are
/// not activity either (docs/decisions/005). Kept per node: Blazor circuits are sticky to their node.
/// </summary>
public sealed class IdleSessionTracker(TimeProvider clock, AuthSettings settings)
{
    private readonly ConcurrentDictionary<string, Entry> _sessions = new();
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    public TimeSpan IdleTimeout => settings.IdleTimeout;

    public void Touch(string sessionId)
    {
        var now = clock.GetUtcNow();
        _sessions.AddOrUpdate(sessionId, new Entry(now, Ended: false), (_, entry) => entry.Ended ? entry : new Entry(now, Ended: false));
        SweepIfDue(now);
    }

    /// <summary>
    /// True once the session has been idle for the timeout, or was signed out. A session this node has not seen
    /// (after a restart, or first seen on this node) starts its idle period now; the cookie's own sliding expiry
    /// still bounds it.
    /// </summary>
    public bool IsExpired(string sessionId)
    {
        var now = clock.GetUtcNow();
        var entry = _sessions.GetOrAdd(sessionId, new Entry(now, Ended: false));
        return entry.Ended || now - entry.LastActivity >= settings.IdleTimeout;
    }

    /// <summary>
    /// Ends a session for good: a copy of its cookie presented later is refused, not given a fresh idle period.
    /// </summary>
    public void End(string sessionId) => _sessions[sessionId] = new Entry(clock.GetUtcNow(), Ended: true);

    /// <summary>
    /// Forgets sessions idle for twice the timeout: their cookies have expired by then (the cookie lifetime equals
    /// the idle timeout and an ended or idle session's requests are refused, so it is never renewed).
    /// </summary>
    private void SweepIfDue(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now + settings.IdleTimeout;
        foreach (var (id, entry) in _sessions)
        {
            if (now - entry.LastActivity >= 2 * settings.IdleTimeout)
            {
                _sessions.TryRemove(id, out _);
            }
        }
    }

    /// <summary>Number of sessions held in memory; for tests of the sweep.</summary>
    internal int Count => _sessions.Count;

    private sealed record Entry(DateTimeOffset LastActivity, bool Ended);
}
