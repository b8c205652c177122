using Bunit;
using Escalation.Web.Components.Shared;
using MudBlazor;

namespace Escalation.Tests.Components;

[Trait("Category", "Unit")]
public sealed class SharedComponentTests : ComponentTestContext
{
    [Theory]
    [InlineData(Tier.Critical, "tier-critical")]
    [InlineData(Tier.Urgent, "tier-urgent")]
    [InlineData(Tier.Routine, "tier-routine")]
    public void TierBadge_SaysTheTierInWords_AndCarriesItsColourClass(Tier tier, string colourClass)
    {
        var badge = Render<TierBadge>(p => p.Add(b => b.Tier, tier));

        var span = badge.Find("[data-testid=tier]");
        Assert.Equal(tier.ToString(), span.TextContent.Trim());
        Assert.Contains(colourClass, span.ClassList);
        // The icon is decoration: a screen reader hears the word, not an unlabeled glyph.
        Assert.Equal("true", badge.Find("svg").GetAttribute("aria-hidden"));
    }

    [Fact]
    public void Countdown_TicksOnTheAppClock_AndSaysEscalatingWhenTheDeadlinePasses()
    {
        var countdown = Render<Countdown>(p => p.Add(c => c.Until, Clock.GetUtcNow().AddSeconds(65)));
        Assert.Equal("1:05", countdown.Find("[data-testid=countdown]").TextContent);
        Assert.DoesNotContain("countdown-due", countdown.Find("[data-testid=countdown]").ClassList);

        Clock.Advance(TimeSpan.FromSeconds(60));
        countdown.WaitForAssertion(() => Assert.Equal("0:05", countdown.Find("[data-testid=countdown]").TextContent));

        Clock.Advance(TimeSpan.FromSeconds(5));
        countdown.WaitForAssertion(() =>
        {
            Assert.Equal("escalating", countdown.Find("[data-testid=countdown]").TextContent);
            Assert.Contains("countdown-due", countdown.Find("[data-testid=countdown]").ClassList);
        });
    }

    [Fact]
    public void Countdown_ShowsADash_ForAMessageThatDoesNotEscalate()
    {
        var countdown = Render<Countdown>(p => p.Add(c => c.Until, (DateTimeOffset?)null));
        Assert.Equal("–", countdown.Find("[data-testid=countdown]").TextContent);
    }

    [Fact]
    public void Countdown_ShowsHoursAndMinutes_BeyondAnHour()
    {
        var countdown = Render<Countdown>(p => p.Add(c => c.Until, Clock.GetUtcNow().AddMinutes(125)));
        Assert.Equal("2h 05m", countdown.Find("[data-testid=countdown]").TextContent);
    }

    [Fact]
    public void ResultAlert_ShowsNothingWithoutAMessage_AnErrorAsAnAlert_AndASuccessAsAStatus()
    {
        var empty = Render<ResultAlert>(p => p.Add(a => a.Message, null).Add(a => a.TestId, "result"));
        Assert.Empty(empty.FindAll("[data-testid=result]"));

        var error = Render<ResultAlert>(p => p.Add(a => a.Message, "The phone number is not valid.").Add(a => a.Ok, false).Add(a => a.TestId, "result"));
        var errorAlert = error.Find("[data-testid=result]");
        Assert.Equal("alert", errorAlert.GetAttribute("role"));
        Assert.Contains("The phone number is not valid.", errorAlert.TextContent);
        Assert.Contains("mud-alert-text-error", errorAlert.ClassName);

        var ok = Render<ResultAlert>(p => p.Add(a => a.Message, "Saved.").Add(a => a.Ok, true).Add(a => a.TestId, "result"));
        var okAlert = ok.Find("[data-testid=result]");
        Assert.Equal("status", okAlert.GetAttribute("role"));
        Assert.Contains("mud-alert-text-success", okAlert.ClassName);
    }

    [Fact]
    public void ResultAlert_TakesAnExplicitSeverity_OverTheOkShorthand()
    {
        var warning = Render<ResultAlert>(p => p.Add(a => a.Message, "Stale").Add(a => a.Ok, true).Add(a => a.Kind, Severity.Warning).Add(a => a.TestId, "result"));
        Assert.Contains("mud-alert-text-warning", warning.Find("[data-testid=result]").ClassName);
    }
}
