using System.Collections.Concurrent;

namespace Escalation.Web.Security;

/// <summary>
/// When each session last saw its person act: a page load, or the browser reporting keyboard or pointer use.
/// A Blazor circuit keeps a page alive over its websocket with no HTTP request at all, so the cookie's sliding
/// expiry alone cannot tell an active nurse from an abandoned workstation; live updates pushed to the page are
/// not activity either. Kept per node: Blazor circuits are sticky to their node (docs/architecture.md).
/// </summary>
public sealed class IdleSessionTracker(TimeProvider clock, AuthSettings settings)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastActivity = new();

    public TimeSpan IdleTimeout => settings.IdleTimeout;

    public void Touch(string sessionId) => _lastActivity[sessionId] = clock.GetUtcNow();

    /// <summary>
    /// A session this node has not seen (after a restart, or on another node) starts its idle period now;
    /// the cookie's own sliding expiry still bounds it.
    /// </summary>
    public bool IsExpired(string sessionId)
    {
        var now = clock.GetUtcNow();
        var last = _lastActivity.GetOrAdd(sessionId, now);
        return now - last >= settings.IdleTimeout;
    }

    public TimeSpan Remaining(string sessionId)
    {
        var now = clock.GetUtcNow();
        var last = _lastActivity.GetOrAdd(sessionId, now);
        var remaining = settings.IdleTimeout - (now - last);
        return remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining;
    }

    public void End(string sessionId) => _lastActivity.TryRemove(sessionId, out _);
}
