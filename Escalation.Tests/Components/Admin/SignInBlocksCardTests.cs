using Bunit;
using Escalation.Infrastructure.Identity;
using Escalation.Web.Components.Pages.Admin;

namespace Escalation.Tests.Components.Admin;

[Trait("Category", "Unit")]
public sealed class SignInBlocksCardTests : ComponentTestContext
{
    [Fact]
    public void ABlock_SaysWhatIsHeld_AndUntilWhenInTheOrganisationsTime()
    {
        var until = new DateTimeOffset(2026, 12, 3, 19, 20, 0, TimeSpan.Zero);
        var card = Render<SignInBlocksCard>(p => p
            .Add(c => c.Blocks, [new SignInBlock(SignInThrottleScope.ClientAndAccount, "NURSE@DEMO.LOCAL", "10.0.0.7", until, 5)])
            .Add(c => c.Zone, Zones.NewYork));

        var block = card.Find("[data-testid=sign-in-block]");
        Assert.Contains("One computer, one address", block.TextContent);
        Assert.Contains("nurse@demo.local", block.TextContent);
        Assert.Equal("14:20", card.Find("[data-testid=sign-in-block-until]").TextContent);
        Assert.DoesNotContain("UTC", card.Markup);
    }

    [Fact]
    public void ABlockOnAnAddress_FromNewComputers_SaysSo()
    {
        var card = Render<SignInBlocksCard>(p => p
            .Add(c => c.Blocks, [new SignInBlock(SignInThrottleScope.Account, "HEAD@DEMO.LOCAL", null, Clock.GetUtcNow(), 20)])
            .Add(c => c.Zone, Zones.NewYork));

        Assert.Contains("One address, new computers", card.Find("[data-testid=sign-in-block]").TextContent);
        Assert.Contains("computers new to the address", card.Find("[data-testid=sign-in-block]").TextContent);
    }

    [Fact]
    public void NoBlocks_SaysNone()
    {
        var card = Render<SignInBlocksCard>(p => p.Add(c => c.Blocks, []).Add(c => c.Zone, Zones.NewYork));

        Assert.Equal("None.", card.Find("[data-testid=sign-in-blocks-none]").TextContent.Trim());
        Assert.Empty(card.FindAll("[data-testid=sign-in-block]"));
    }
}
