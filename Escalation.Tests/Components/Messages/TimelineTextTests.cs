using Escalation.Web.Components.Pages.Messages;

namespace Escalation.Tests.Components.Messages;

[Trait("Category", "Unit")]
public sealed class TimelineTextTests
{
    [Theory]
    [InlineData(45, "45 s")]
    [InlineData(250, "4 min 10 s")]
    [InlineData(4_800, "1 h 20 min")]
    public void Elapsed_SaysHowLongAfterTheMessageWasSent(int seconds, string expected) =>
        Assert.Equal(expected, TimelineText.Elapsed(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Actor_NamesPeople_TheEngine_AndTheIntegrationThatSentIt()
    {
        var names = new Dictionary<string, string> { ["u-nora"] = "Nora Patel" };

        Assert.Equal("Nora Patel", TimelineText.Actor("u-nora", names, "Ehr"));
        Assert.Equal("Escalation engine", TimelineText.Actor("system:engine", names, "Ehr"));
        Assert.Equal("Ehr integration", TimelineText.Actor("apikey:5f2c", names, "Ehr"));
        Assert.Equal("u-gone", TimelineText.Actor("u-gone", names, "Ehr"));
    }

    [Theory]
    [InlineData("Created", "Created")]
    [InlineData("LayerStarted", "Layer started")]
    [InlineData("CallNotReached", "Call not reached")]
    [InlineData("PageSkipped", "Page skipped")]
    public void Kind_SaysTheAuditedStepInWords(string kind, string expected) =>
        Assert.Equal(expected, TimelineText.Kind(kind));
}
