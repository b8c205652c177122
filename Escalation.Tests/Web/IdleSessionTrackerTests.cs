using Escalation.Web.Security;

namespace Escalation.Tests.Web;

[Trait("Category", "Unit")]
public sealed class IdleSessionTrackerTests
{
    private readonly TestClock _clock = new();
    private readonly IdleSessionTracker _tracker;

    public IdleSessionTrackerTests() => _tracker = new IdleSessionTracker(_clock, new AuthSettings { IdleTimeoutMinutes = 15 });

    [Fact]
    public void Session_ExpiresAtTheIdleTimeout_NotBefore()
    {
        _tracker.Touch("s1");

        _clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        Assert.False(_tracker.IsExpired("s1"));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(_tracker.IsExpired("s1"));
    }

    [Fact]
    public void Activity_RestartsTheIdlePeriod()
    {
        _tracker.Touch("s1");
        _clock.Advance(TimeSpan.FromMinutes(14));
        _tracker.Touch("s1");
        _clock.Advance(TimeSpan.FromMinutes(14));

        Assert.False(_tracker.IsExpired("s1"));
    }

    [Fact]
    public void Sessions_AreTrackedSeparately()
    {
        _tracker.Touch("s1");
        _clock.Advance(TimeSpan.FromMinutes(10));
        _tracker.Touch("s2");
        _clock.Advance(TimeSpan.FromMinutes(6));

        Assert.True(_tracker.IsExpired("s1"));
        Assert.False(_tracker.IsExpired("s2"));
    }

    [Fact]
    public void EndedSession_StaysEnded_EvenIfItsCookieIsPresentedAgain()
    {
        _tracker.Touch("s1");
        _tracker.End("s1");

        _tracker.Touch("s1");

        Assert.True(_tracker.IsExpired("s1"));
    }

    [Fact]
    public void LongIdleSessions_AreForgotten_SoMemoryDoesNotGrow()
    {
        _tracker.Touch("old");
        _clock.Advance(TimeSpan.FromMinutes(31));

        _tracker.Touch("new");

        Assert.Equal(1, _tracker.Count);
    }
}
