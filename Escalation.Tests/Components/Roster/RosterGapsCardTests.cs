using Bunit;
using Escalation.Infrastructure.Roster;
using Escalation.Web.Components.Pages.Roster;

namespace Escalation.Tests.Components.Roster;

/// <summary>The gaps card: each uncovered stretch as a sentence, in the zone it is given, and a calm line when there is none.</summary>
[Trait("Category", "Unit")]
public sealed class RosterGapsCardTests : ComponentTestContext
{
    private RosterGaps Gaps(IReadOnlyList<RosterGapView> uncovered, IReadOnlyList<PhoneGapView>? phones = null) =>
        new(Clock.GetUtcNow(), Clock.GetUtcNow().AddHours(72), uncovered, phones ?? []);

    private RosterGapView Gap(string unit, int layer, string role, int fromHour, int toHour) =>
        new(unit, Guid.NewGuid(), "Critical", layer, [role], Clock.GetUtcNow().AddHours(fromHour), Clock.GetUtcNow().AddHours(toHour));

    [Fact]
    public void EachGap_IsOneLinePerUnitAndStretch_WithItsLayersRolesAndLocalTimes()
    {
        var gaps = Gaps([
            Gap("CARD", 1, "Primary nurse", 0, 72), Gap("CARD", 2, "Charge nurse", 0, 72),
            Gap("ED", 3, "Attending", 2, 10),
        ]);

        var card = Render<RosterGapsCard>(p => p.Add(c => c.Gaps, gaps).Add(c => c.Zone, Zones.NewYork));

        Assert.Contains("Gaps in the next 72 hours", card.Find("h2").TextContent);
        var lines = card.FindAll("[data-testid=roster-gap]").Select(l => Normalise(l.TextContent)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("CARD: nobody would receive Critical layers 1, 2 (Primary nurse; Charge nurse) for the whole period", lines[0]);
        // Thu 3 Dec 16:00 to Fri 4 Dec 00:00 UTC is 11:00 to 19:00 in New York.
        Assert.Equal("ED: nobody would receive Critical layer 3 (Attending) Thu 3 Dec 11:00 – Thu 3 Dec 19:00", lines[1]);
        Assert.Empty(card.FindAll("[data-testid=roster-no-gaps]"));
    }

    [Fact]
    public void TheSameGap_ReadsInTheZoneGiven()
    {
        var gaps = Gaps([Gap("ED", 3, "Attending", 2, 10)]);

        var card = Render<RosterGapsCard>(p => p.Add(c => c.Gaps, gaps).Add(c => c.Zone, Zones.London));

        Assert.EndsWith("Thu 3 Dec 16:00 – Fri 4 Dec 00:00", Normalise(card.Find("[data-testid=roster-gap]").TextContent));
    }

    [Fact]
    public void SomebodyWithoutAVerifiedPhone_IsNamedWithTheLayerThatWouldCallThem()
    {
        var phones = new[] { new PhoneGapView("ED", Guid.NewGuid(), "Critical", 4, "u-helen", "Dr. Helen Park", Clock.GetUtcNow(), Clock.GetUtcNow().AddHours(72)) };

        var card = Render<RosterGapsCard>(p => p.Add(c => c.Gaps, Gaps([], phones)).Add(c => c.Zone, Zones.NewYork));

        Assert.Equal("Dr. Helen Park has no verified phone, but ED Critical layer 4 would call them for the whole period",
            Normalise(card.Find("[data-testid=roster-phone-gap]").TextContent));
        Assert.Empty(card.FindAll("[data-testid=roster-gap]"));
    }

    [Fact]
    public void NoGaps_SaysEveryLayerIsCovered_AndListsNothing()
    {
        var card = Render<RosterGapsCard>(p => p.Add(c => c.Gaps, Gaps([])).Add(c => c.Zone, Zones.NewYork));

        Assert.Contains("Every layer of every ladder in use has somebody on duty", card.Find("[data-testid=roster-no-gaps]").TextContent);
        Assert.Empty(card.FindAll("[data-testid=roster-gap]"));
        Assert.Empty(card.FindAll("[data-testid=roster-phone-gap]"));
    }

    private static string Normalise(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
}
