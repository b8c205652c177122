using Escalation.Infrastructure.Engine;
using Escalation.Web.Components.Pages.Inbox;

namespace Escalation.Tests.Components.Inbox;

[Trait("Category", "Unit")]
public sealed class InboxTextTests
{
    private static readonly DateTimeOffset Sent = new(2026, 12, 3, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Acknowledged_SaysWhoAndWhen_InTheOrganisationsZone_NotUtc()
    {
        var message = Message(MessageState.Acknowledged) with { AcknowledgedBy = "u-nora", AcknowledgedAt = Sent.AddMinutes(2) };

        var text = InboxText.State(message, Zones.NewYork, id => id == "u-nora" ? "Nora Patel" : id);

        Assert.Equal("Acknowledged by Nora Patel, Thu 3 Dec 09:02", text);
    }

    [Fact]
    public void Open_SaysWhenEveryLayerHasBeenTried()
    {
        Assert.Equal("Open", InboxText.State(Message(MessageState.Open), Zones.NewYork, id => id));
        Assert.Equal("Open · every layer tried, re-paging", InboxText.State(Message(MessageState.Open) with { IsExhausted = true }, Zones.NewYork, id => id));
    }

    [Fact]
    public void Closed_SaysTheOutcome()
    {
        var message = Message(MessageState.Closed) with { Outcome = CloseOutcome.ActionTaken };
        Assert.Equal("Closed · Action taken", InboxText.State(message, Zones.NewYork, id => id));
    }

    private static MessageView Message(MessageState state) => new(
        Guid.NewGuid(), Tier.Critical, state, "Critical potassium", "K+ 6.9", null, MessageSource.Ehr, null, Guid.NewGuid(), false, false, 1, null,
        Sent, "apikey:ehr", null, null, null, null, [], []);
}
