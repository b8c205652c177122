using Escalation.Domain.Common;

namespace Escalation.Tests.Answering;

[Trait("Category", "Unit")]
public sealed class OfficeHoursTests
{
    [Theory]
    [InlineData("2026-11-03T07:59:59", false)] // Tuesday, a second before opening
    [InlineData("2026-11-03T08:00:00", true)]  // opening instant is inside
    [InlineData("2026-11-06T17:59:59", true)]  // Friday, last second
    [InlineData("2026-11-06T18:00:00", false)] // closing instant is outside
    [InlineData("2026-11-07T10:00:00", false)] // Saturday
    [InlineData("2026-11-08T12:00:00", false)] // Sunday
    [InlineData("2026-11-09T08:00:00", true)]  // Monday again
    public void Default_IsMondayToFriday8To18_InThePracticesZone(string local, bool open)
    {
        var instant = new DateTimeOffset(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), Zones.NewYork.GetUtcOffset(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(open, OfficeHours.Default.IsOpenAt(instant.ToUniversalTime(), Zones.NewYork));
    }

    [Fact]
    public void FollowsTheWallClock_AcrossTheDaylightSavingChange()
    {
        // 08:30 local on the Monday after the US change (2026-03-09) is 12:30 UTC, an hour earlier in UTC than in winter.
        Assert.True(OfficeHours.Default.IsOpenAt(DateTimeOffset.Parse("2026-03-09T12:30:00Z"), Zones.NewYork));
        Assert.False(OfficeHours.Default.IsOpenAt(DateTimeOffset.Parse("2026-03-09T11:30:00Z"), Zones.NewYork));
    }

    [Fact]
    public void DayMask_RoundTrips()
    {
        var hours = new OfficeHours([DayOfWeek.Saturday, DayOfWeek.Monday], new TimeOnly(9, 30), new TimeOnly(12, 0));

        Assert.Equal(hours, OfficeHours.FromMask(hours.DayMask, hours.Opens, hours.Closes));
        Assert.Equal("Mon,Sat 09:30-12:00", hours.ToString());
    }

    [Fact]
    public void ClosingBeforeOpening_IsRefused() =>
        Assert.Throws<DomainException>(() => new OfficeHours([DayOfWeek.Monday], new TimeOnly(18, 0), new TimeOnly(8, 0)));
}
