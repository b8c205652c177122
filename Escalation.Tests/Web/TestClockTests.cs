namespace Escalation.Tests.Web;

[Trait("Category", "Unit")]
public sealed class TestClockTests
{
    [Fact]
    public void Advance_FiresPeriodicTimersAtEachDueInstant()
    {
        var clock = new TestClock();
        var start = clock.GetUtcNow();
        var fired = new List<TimeSpan>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow() - start), null, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15));

        clock.Advance(TimeSpan.FromSeconds(50));

        Assert.Equal([TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(45)], fired);
        Assert.Equal(start + TimeSpan.FromSeconds(50), clock.GetUtcNow());
    }

    [Fact]
    public void DisposedTimer_NeverFires()
    {
        var clock = new TestClock();
        var fired = 0;
        var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        timer.Dispose();

        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, fired);
    }
}
