using Escalation.Domain.Common;
using Escalation.Web.Components.Pages.Roster;

namespace Escalation.Tests.Components.Roster;

/// <summary>Dates and times picked on a page are the zone's wall clock; a time the zone skips is refused, not shifted.</summary>
[Trait("Category", "Unit")]
public sealed class WallClockTests
{
    [Fact]
    public void ToInstant_ReadsTheDateAndTimeInTheZone()
    {
        var at = WallClock.ToInstant(new DateTime(2026, 11, 2), new TimeSpan(9, 0, 0), Zones.NewYork, "From");

        Assert.Equal(new DateTimeOffset(2026, 11, 2, 14, 0, 0, TimeSpan.Zero), at);
        Assert.Equal((new DateTime(2026, 11, 2), new TimeSpan(9, 0, 0)), WallClock.FromInstant(at, Zones.NewYork));
    }

    [Fact]
    public void ToInstant_RefusesATimeTheClocksSkip_WhenTheyGoForward()
    {
        var refused = Assert.Throws<DomainException>(() => WallClock.ToInstant(new DateTime(2026, 3, 8), new TimeSpan(2, 30, 0), Zones.NewYork, "Until"));

        Assert.Contains("does not exist", refused.Message);
    }

    [Fact]
    public void ToInstant_AsksForADateAndATime_WhenOneIsMissing()
    {
        Assert.Throws<DomainException>(() => WallClock.ToInstant(null, new TimeSpan(9, 0, 0), Zones.NewYork, "From"));
        Assert.Throws<DomainException>(() => WallClock.ToInstant(new DateTime(2026, 11, 2), null, Zones.NewYork, "From"));
    }
}
