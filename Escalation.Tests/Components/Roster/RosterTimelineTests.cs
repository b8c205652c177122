using Bunit;
using Escalation.Infrastructure.Roster;
using Escalation.Web.Components.Pages.Roster;

namespace Escalation.Tests.Components.Roster;

/// <summary>The roster's week drawn as tracks: bars placed by time, gaps hatched and labelled, ticks at the unit's midnights.</summary>
[Trait("Category", "Unit")]
public sealed class RosterTimelineTests : ComponentTestContext
{
    private static readonly HolderView Nora = new("u-nora", "Nora Patel", "Shift", false);

    private static readonly HolderView Daniel = new("u-daniel", "Dr. Daniel Okafor", "Backup 22:00–07:00", true);

    /// <summary>A 100-hour window from the test clock (Thu 3 Dec 14:00 UTC, 09:00 in New York), so hours are percent.</summary>
    private UnitRosterView Week(params RoleTimelineView[] roles) =>
        new(Guid.NewGuid(), "ED", "Emergency", "America/New_York", Clock.GetUtcNow(), [], roles, [], new RosterGaps(Clock.GetUtcNow(), Clock.GetUtcNow().AddHours(72), [], []));

    private SegmentView Segment(int fromHour, int toHour, params HolderView[] holders) =>
        new(Clock.GetUtcNow().AddHours(fromHour), Clock.GetUtcNow().AddHours(toHour), holders);

    [Fact]
    public void Segments_ArePlacedAndSizedByTheirTimes_AndAGapIsDrawnAsNobodyWithItsLocalTimes()
    {
        var view = Week(new RoleTimelineView(Guid.NewGuid(), "Primary nurse", [Segment(0, 25, Nora), Segment(25, 50), Segment(50, 100, Nora)]));

        var timeline = Render<RosterTimeline>(p => p.Add(t => t.View, view).Add(t => t.Zone, Zones.NewYork));

        var row = Assert.Single(timeline.FindAll("[data-testid=timeline-row]"));
        Assert.Contains("Primary nurse", row.TextContent);
        var held = timeline.FindAll("[data-testid=timeline-seg]");
        Assert.Equal(2, held.Count);
        Assert.Equal("left:0%;width:25%", held[0].GetAttribute("style"));
        Assert.Equal("left:50%;width:50%", held[1].GetAttribute("style"));
        Assert.Equal("Nora Patel", held[0].TextContent.Trim());

        var gap = timeline.Find("[data-testid=timeline-gap]");
        Assert.Equal("left:25%;width:25%", gap.GetAttribute("style"));
        Assert.Contains("timeline-gap", gap.ClassList);
        Assert.Equal("Nobody", gap.TextContent.Trim());
        // 25 h after Thu 09:00 in New York is Fri 10:00; 50 h is Sat 11:00: the unit's wall clock, not UTC.
        Assert.Equal("Nobody: Fri 4 Dec 10:00 – Sat 5 Dec 11:00", gap.GetAttribute("title"));
    }

    [Fact]
    public void DayTicks_SitAtTheUnitsMidnights_AndSayTheLocalDay()
    {
        var view = Week(new RoleTimelineView(Guid.NewGuid(), "Charge nurse", [Segment(0, 100, Nora)]));

        var timeline = Render<RosterTimeline>(p => p.Add(t => t.View, view).Add(t => t.Zone, Zones.NewYork));

        var ticks = timeline.FindAll("[data-testid=timeline-tick]");
        // Midnight in New York is 05:00 UTC: 15 h, then 39 h and 63 h and 87 h after Thu 14:00 UTC.
        Assert.Equal(["Fri 4", "Sat 5", "Sun 6", "Mon 7"], ticks.Select(t => t.TextContent.Trim()));
        Assert.Equal(["left:15%", "left:39%", "left:63%", "left:87%"], ticks.Select(t => t.GetAttribute("style")));
        Assert.Contains("America/New_York", timeline.Find("h2").TextContent);
    }

    [Fact]
    public void ABackupOnlySegment_IsDrawnFaded_AndAPersonKeepsOneColourOnEveryRow()
    {
        var view = Week(
            new RoleTimelineView(Guid.NewGuid(), "Attending", [Segment(0, 50, Daniel), Segment(50, 100, Nora)]),
            new RoleTimelineView(Guid.NewGuid(), "On-call physician", [Segment(0, 100, Nora)]));

        var timeline = Render<RosterTimeline>(p => p.Add(t => t.View, view).Add(t => t.Zone, Zones.NewYork));

        var bars = timeline.FindAll("[data-testid=timeline-seg]");
        Assert.Contains("timeline-backup", bars[0].ClassList);
        Assert.DoesNotContain("timeline-backup", bars[1].ClassList);
        var noraColour = bars[1].ClassList.Single(c => c.StartsWith("timeline-holder-", StringComparison.Ordinal));
        Assert.Contains(noraColour, bars[2].ClassList);
        Assert.Empty(timeline.FindAll("[data-testid=timeline-gap]"));
    }
}
