using Bunit;
using Escalation.Web.Components.Pages.Inbox;
using Entry = Escalation.Infrastructure.Engine.InboxItem;

namespace Escalation.Tests.Components.Inbox;

[Trait("Category", "Unit")]
public sealed class InboxItemTests : ComponentTestContext
{
    [Fact]
    public void ReadButNotAcknowledged_StillAsksForAnAcknowledgment_AndOffersTheButton()
    {
        var acknowledged = new List<Guid>();
        var item = Open(readAt: Clock.GetUtcNow().AddMinutes(-1));

        var row = Render<InboxItem>(p => p.Add(i => i.Item, item).Add(i => i.Zone, Zones.NewYork)
            .Add(i => i.OnAcknowledge, (Guid id) => acknowledged.Add(id)));

        Assert.Equal("Read, not acknowledged", row.Find("[data-testid=inbox-item-status]").TextContent);
        Assert.Equal(nameof(InboxItemLook.AwaitingAcknowledgment), row.Find("[data-testid=inbox-item]").GetAttribute("data-state"));
        // Read: no longer new, but the escalation carries on and the row still offers Acknowledge.
        Assert.Empty(row.FindAll("[data-testid=inbox-item-new]"));
        row.Find("[data-testid=inbox-item-ack]").Click();
        Assert.Equal([item.Id], acknowledged);
    }

    [Fact]
    public void Unread_IsMarkedNew_AndSaysItNeedsAnAcknowledgment_WithItsUnitAndAge()
    {
        var row = Render<InboxItem>(p => p.Add(i => i.Item, Open(readAt: null)).Add(i => i.Zone, Zones.NewYork)
            .Add(i => i.OnAcknowledge, (Guid _) => { }));

        Assert.Equal("Needs acknowledgment", row.Find("[data-testid=inbox-item-status]").TextContent);
        Assert.Equal("New", row.Find("[data-testid=inbox-item-new]").TextContent.Trim());
        Assert.Equal("ED", row.Find("[data-testid=inbox-item-unit]").TextContent);
        Assert.Equal("4 min", row.Find("[data-testid=inbox-item-age]").TextContent);
        Assert.Single(row.FindAll("[data-testid=inbox-item-ack]"));
    }

    [Fact]
    public void Acknowledged_SaysWhoAndWhenInTheOrganisationsZone_AndOffersNoButton()
    {
        // 13:58 UTC is 08:58 in New York in December.
        var item = Open(readAt: null) with
        {
            State = MessageState.Acknowledged, AcknowledgedBy = "u-nora", AcknowledgedAt = Clock.GetUtcNow().AddMinutes(-2), NextEscalationAt = null,
        };

        var row = Render<InboxItem>(p => p.Add(i => i.Item, item).Add(i => i.Zone, Zones.NewYork).Add(i => i.AcknowledgedByName, "Nora Patel")
            .Add(i => i.OnAcknowledge, (Guid _) => { }));

        Assert.Equal("Acknowledged by Nora Patel at 08:58", row.Find("[data-testid=inbox-item-status]").TextContent);
        Assert.Empty(row.FindAll("[data-testid=inbox-item-new]"));
        Assert.DoesNotContain("UTC", row.Markup, StringComparison.Ordinal);
        Assert.Empty(row.FindAll("[data-testid=inbox-item-ack]"));
        Assert.Contains("inbox-done", row.Find("[role=listitem]").ClassList);
    }

    [Fact]
    public void OpenButNowWithAnotherLayer_IsNotTheReadersToAcknowledge()
    {
        var item = Open(readAt: null) with { IAmCurrentRecipient = false, CurrentLayer = 2 };

        var row = Render<InboxItem>(p => p.Add(i => i.Item, item).Add(i => i.Zone, Zones.NewYork).Add(i => i.OnAcknowledge, (Guid _) => { }));

        Assert.Equal("Open · now with layer 2", row.Find("[data-testid=inbox-item-status]").TextContent);
        Assert.Empty(row.FindAll("[data-testid=inbox-item-ack]"));
    }

    [Fact]
    public void Selected_IsOutlinedAndPressed_AndLeavesAcknowledgeToTheOpenMessage_AndAClickRaisesTheSelection()
    {
        var selected = new List<Guid>();
        var item = Open(readAt: null);

        var row = Render<InboxItem>(p => p.Add(i => i.Item, item).Add(i => i.Zone, Zones.NewYork).Add(i => i.Selected, false)
            .Add(i => i.OnSelect, (Guid id) => selected.Add(id)).Add(i => i.OnAcknowledge, (Guid _) => { }));
        Assert.Single(row.FindAll("[data-testid=inbox-item-ack]"));
        Assert.DoesNotContain("inbox-selected", row.Find("[role=listitem]").ClassList);
        Assert.Equal("false", row.Find("[data-testid=inbox-item]").GetAttribute("aria-pressed"));

        row.Find("[data-testid=inbox-item]").Click();
        Assert.Equal([item.Id], selected);

        row.Render(p => p.Add(i => i.Selected, true));
        Assert.Contains("inbox-selected", row.Find("[role=listitem]").ClassList);
        Assert.Equal("true", row.Find("[data-testid=inbox-item]").GetAttribute("aria-pressed"));
        // The open message above the list carries the large Acknowledge: one button per message on screen.
        Assert.Empty(row.FindAll("[data-testid=inbox-item-ack]"));
    }

    [Fact]
    public void AnUnchangedRow_IsNotRedrawn_WhenTheListIs_ButANewStateOrAnOlderAgeIs()
    {
        var item = Open(readAt: null);
        var row = Render<InboxItem>(p => p.Add(i => i.Item, item).Add(i => i.Zone, Zones.NewYork).Add(i => i.OnAcknowledge, (Guid _) => { }));
        var drawn = row.RenderCount;

        // Another message arrived: the inbox hands this row an equal item again.
        row.Render(p => p.Add(i => i.Item, item with { }));
        Assert.Equal(drawn, row.RenderCount);

        row.Render(p => p.Add(i => i.Item, item with { ReadByMeAt = Clock.GetUtcNow() }));
        Assert.Equal(drawn + 1, row.RenderCount);
        Assert.Equal("Read, not acknowledged", row.Find("[data-testid=inbox-item-status]").TextContent);

        // Same message a minute later: its age moved, so the row says so at the next redraw of the list.
        Clock.Advance(TimeSpan.FromMinutes(1));
        row.Render(p => p.Add(i => i.Item, row.Instance.Item with { }));
        Assert.Equal("5 min", row.Find("[data-testid=inbox-item-age]").TextContent);
    }

    private Entry Open(DateTimeOffset? readAt) => new(
        Guid.NewGuid(), Tier.Critical, MessageState.Open, "Critical potassium", "ED", Clock.GetUtcNow().AddMinutes(-4), 1, false, false,
        Clock.GetUtcNow().AddMinutes(2), readAt, null, null, true);
}
