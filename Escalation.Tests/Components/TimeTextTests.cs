using Escalation.Infrastructure.Organisation;

namespace Escalation.Tests.Components;

[Trait("Category", "Unit")]
public sealed class TimeTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 2, 13, 0, 0, TimeSpan.Zero); // 14:00 in Zones.London (BST)

    [Fact]
    public void When_IsInTheOrganisationsZone_NotUtc()
    {
        Assert.Equal("Thu 2 Jul 14:00", TimeText.When(Now, Zones.London));
        Assert.Equal("Thu 2 Jul 14:00:00", TimeText.WhenPrecise(Now, Zones.London));
        Assert.Equal("14:00", TimeText.Clock(Now, Zones.London));
        Assert.Equal("Thu 2", TimeText.Day(Now, Zones.London));
    }

    [Theory]
    [InlineData(30, "just now")]
    [InlineData(60, "1 min")]
    [InlineData(59 * 60 + 59, "59 min")]
    [InlineData(3600, "1 h 0 min")]
    [InlineData(3600 + 25 * 60, "1 h 25 min")]
    [InlineData(23 * 3600 + 59 * 60, "23 h 59 min")]
    public void Age_SaysHowLongAgo_OneWayForEveryPage(int secondsAgo, string expected) =>
        Assert.Equal(expected, TimeText.Age(Now.AddSeconds(-secondsAgo), Now, Zones.London));

    [Fact]
    public void Age_PastADay_IsTheTimeItself_InTheOrganisationsZone() =>
        Assert.Equal("Tue 30 Jun 09:15", TimeText.Age(new DateTimeOffset(2026, 6, 30, 8, 15, 0, TimeSpan.Zero), Now, Zones.London));

    [Theory]
    [InlineData(0, "escalating")]
    [InlineData(-5, "escalating")]
    [InlineData(5, "0:05")]
    [InlineData(600, "10:00")]
    [InlineData(3600, "1h 00m")]
    public void Remaining_CountsDownAndSaysEscalatingAtZero(int seconds, string expected) =>
        Assert.Equal(expected, TimeText.Remaining(TimeSpan.FromSeconds(seconds)));
}
