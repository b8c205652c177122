using Bunit;
using Escalation.Infrastructure.Access;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Organisation;
using Escalation.Web.Components.Pages.Board;

namespace Escalation.Tests.Components.Board;

/// <summary>A board row as the charge nurse sees it: pinned, exhausted, drill, and only the actions the caller may take.</summary>
[Trait("Category", "Unit")]
public sealed class BoardRowTests : ComponentTestContext
{
    private static readonly Guid Ed = Guid.NewGuid();
    private static readonly Guid Icu = Guid.NewGuid();
    private static readonly Caller Admin = new("admin", PersonaRole.Administrator, null);
    private static readonly Caller EdChargeNurse = new("charge-ed", PersonaRole.ChargeNurse, new UnitId(Ed));
    private static readonly Caller IcuChargeNurse = new("charge-icu", PersonaRole.ChargeNurse, new UnitId(Icu));
    private static readonly PersonDto Casey = new("casey", "casey@demo.local", "Casey Rivera", null, [PersonaRole.Clinician], "ED", "Emergency", true, false);

    [Fact]
    public void ACriticalMessageOnItsLastLayer_IsPinned_AndSaysSo()
    {
        var row = RenderRow(Item(layer: 4, of: 4) with { Tier = Tier.Critical }, EdChargeNurse);

        var tr = row.Find("[data-testid=board-row]");
        Assert.Contains("board-pinned", tr.ClassList);
        Assert.Contains("Pinned", row.Find("[data-testid=board-pinned]").TextContent);
        Assert.Equal("Critical", row.Find("[data-testid=tier]").TextContent.Trim());
        Assert.Contains("Layer 4 of 4", row.Find("[data-testid=board-layer]").TextContent);
    }

    [Fact]
    public void AMessageStillClimbing_IsNotPinned()
    {
        var row = RenderRow(Item(layer: 1, of: 4) with { Tier = Tier.Critical }, EdChargeNurse);

        Assert.DoesNotContain("board-pinned", row.Find("[data-testid=board-row]").ClassList);
        Assert.Empty(row.FindAll("[data-testid=board-pinned]"));
        Assert.Empty(row.FindAll("[data-testid=board-exhausted]"));
    }

    [Fact]
    public void AnExhaustedMessage_SaysEveryLayerWasTried_AndThatItIsRepaging_AndIsPinned()
    {
        var row = RenderRow(Item(layer: 4, of: 4) with { IsExhausted = true }, EdChargeNurse);

        var exhausted = row.Find("[data-testid=board-exhausted]").TextContent;
        Assert.Contains("Every layer tried", exhausted);
        Assert.Contains("re-paging", exhausted);
        Assert.Contains("board-pinned", row.Find("[data-testid=board-row]").ClassList);
    }

    [Fact]
    public void AMessageWithNobodyOnDutyOnAnyLayer_SaysTheRosterIsTriedAgain()
    {
        var row = RenderRow(Item(layer: 0, of: 4) with { IsExhausted = true, CurrentHolders = [] }, EdChargeNurse);

        Assert.Contains("Nobody on duty on any layer", row.Find("[data-testid=board-exhausted]").TextContent);
        Assert.Contains("nobody on duty", row.Find("[data-testid=board-layer]").TextContent);
    }

    [Fact]
    public void ADrill_IsMarkedAsADrill_AndAClinicalMessageIsNot()
    {
        var drill = RenderRow(Item(layer: 1, of: 4) with { IsDrill = true }, EdChargeNurse);
        Assert.Equal("Drill", drill.Find("[data-testid=board-drill]").TextContent.Trim());

        var clinical = RenderRow(Item(layer: 1, of: 4), EdChargeNurse);
        Assert.Empty(clinical.FindAll("[data-testid=board-drill]"));
    }

    [Fact]
    public void ReadButNotAcknowledged_IsShown()
    {
        var row = RenderRow(Item(layer: 1, of: 4) with { ReadNotAcknowledged = true }, EdChargeNurse);

        Assert.Contains("Read, not acknowledged", row.Find("[data-testid=read-not-acked]").TextContent);
    }

    [Fact]
    public void TheUnitsChargeNurse_IsOfferedAcknowledgeEscalateAndReassign()
    {
        var row = RenderRow(Item(layer: 1, of: 4), EdChargeNurse);

        Assert.Single(row.FindAll("[data-testid=board-ack]"));
        Assert.Single(row.FindAll("[data-testid=board-escalate]"));
        Assert.Single(row.FindAll(".board-reassign"));
    }

    [Fact]
    public void AnAdministrator_ActsForEveryUnit()
    {
        var row = RenderRow(Item(layer: 1, of: 4) with { UnitId = Icu }, Admin);

        Assert.Single(row.FindAll("[data-testid=board-ack]"));
        Assert.Single(row.FindAll("[data-testid=board-escalate]"));
    }

    [Fact]
    public void AnotherUnitsChargeNurse_IsOfferedNoAction()
    {
        var row = RenderRow(Item(layer: 1, of: 4), IcuChargeNurse);

        Assert.Empty(row.FindAll("[data-testid=board-ack]"));
        Assert.Empty(row.FindAll("[data-testid=board-escalate]"));
        Assert.Empty(row.FindAll(".board-reassign"));
    }

    [Fact]
    public void ABroadcast_CanBeAcknowledged_ButNeitherEscalatedNorReassigned_AndHasNoCountdown()
    {
        var row = RenderRow(Item(layer: 0, of: 0) with { IsBroadcast = true }, EdChargeNurse);

        Assert.Single(row.FindAll("[data-testid=board-ack]"));
        Assert.Empty(row.FindAll("[data-testid=board-escalate]"));
        Assert.Empty(row.FindAll(".board-reassign"));
        Assert.Empty(row.FindAll("[data-testid=countdown]"));
        Assert.Contains("Broadcast", row.Find("[data-testid=board-layer]").TextContent);
    }

    [Fact]
    public void NobodyToReassignTo_OffersNoPicker()
    {
        var model = BoardRowModel.From(Item(layer: 1, of: 4), EdChargeNurse, []);

        Assert.False(model.CanReassign);
        Assert.True(model.CanEscalate);
    }

    [Fact]
    public void Acknowledge_ReportsTheRowToThePage()
    {
        BoardRowModel? acknowledged = null;
        var model = BoardRowModel.From(Item(layer: 1, of: 4), EdChargeNurse, [Casey]);
        var row = Render<BoardRow>(p => p.Add(r => r.Row, model).Add(r => r.Now, Clock.GetUtcNow()).Add(r => r.Acknowledge, (BoardRowModel m) => acknowledged = m));

        row.Find("[data-testid=board-ack]").Click();

        Assert.Same(model, acknowledged);
    }

    [Fact]
    public void TheWallDisplay_ShowsTheRowWithoutActions()
    {
        var model = BoardRowModel.From(Item(layer: 1, of: 4), EdChargeNurse, [Casey]);
        var row = Render<BoardRow>(p => p.Add(r => r.Row, model).Add(r => r.Now, Clock.GetUtcNow()).Add(r => r.ShowActions, false));

        Assert.Empty(row.FindAll("[data-testid=board-ack]"));
        Assert.Contains("Layer 1 of 4", row.Find("[data-testid=board-layer]").TextContent);
    }

    [Fact]
    public void TheAgeAndTheCountdown_ComeFromTheAppsClock()
    {
        var row = RenderRow(Item(layer: 1, of: 4) with { CreatedAt = Clock.GetUtcNow().AddMinutes(-12), NextEscalationAt = Clock.GetUtcNow().AddSeconds(45) }, EdChargeNurse);

        Assert.Equal("12 min", row.Find("[data-testid=board-age]").TextContent.Trim());
        Assert.Equal("0:45", row.Find("[data-testid=countdown]").TextContent);
    }

    [Fact]
    public void AnAcknowledgedMessageNobodyClosed_SaysWhoAndSinceWhen_IsNotPinned_AndOffersNoStep()
    {
        var since = new DateTimeOffset(2026, 11, 2, 9, 15, 0, TimeSpan.Zero);
        var row = RenderRow(Item(layer: 4, of: 4) with { NextEscalationAt = null, NotClosed = new AckNotClosed("Nora Patel", since) }, EdChargeNurse);

        Assert.Contains("Acknowledged, not closed", row.Find("[data-testid=ack-not-closed]").TextContent);
        Assert.Equal($"by Nora Patel since {TimeText.When(since, TimeZoneInfo.Utc)}", row.Find("[data-testid=ack-not-closed-who]").TextContent.Trim());
        Assert.Equal("true", row.Find("[data-testid=board-row]").GetAttribute("data-not-closed"));
        Assert.DoesNotContain("board-pinned", row.Find("[data-testid=board-row]").ClassList);
        Assert.Empty(row.FindAll("[data-testid=board-ack]"));
        Assert.Empty(row.FindAll("[data-testid=board-escalate]"));
        Assert.Empty(row.FindAll("[data-testid=board-reassign]"));
    }

    private IRenderedComponent<BoardRow> RenderRow(BoardItem item, Caller caller) =>
        Render<BoardRow>(p => p
            .Add(r => r.Row, BoardRowModel.From(item, caller, [Casey]))
            .Add(r => r.Now, Clock.GetUtcNow())
            .Add(r => r.Zone, TimeZoneInfo.Utc));

    private BoardItem Item(int layer, int of) =>
        new(Guid.NewGuid(), Tier.Urgent, "K+ 6.9 bed 12", Ed, "ED", Clock.GetUtcNow().AddMinutes(-3), layer, of, false, false,
            Clock.GetUtcNow().AddMinutes(2), ["Nora Patel"], false, false);
}
