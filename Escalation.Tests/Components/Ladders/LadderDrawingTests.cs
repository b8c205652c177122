using Bunit;
using Escalation.Domain.Ladders;
using Escalation.Infrastructure.Ladders;
using Escalation.Web.Components.Pages.Admin.LadderEditing;
using MudBlazor;

namespace Escalation.Tests.Components.Ladders;

[Trait("Category", "Unit")]
public sealed class LadderDrawingTests : ComponentTestContext
{
    private static readonly IReadOnlyList<LadderStep> Critical =
    [
        new([ClinicalRoleKind.PrimaryNurse], TimeSpan.FromMinutes(3), Channels.Inbox),
        new([ClinicalRoleKind.ChargeNurse], TimeSpan.FromMinutes(5), Channels.Inbox),
        new([ClinicalRoleKind.Attending, ClinicalRoleKind.OnCallPhysician], TimeSpan.FromMinutes(7), Channels.Inbox),
        new([ClinicalRoleKind.DepartmentHead], TimeSpan.FromMinutes(5), Channels.Inbox | Channels.Sms | Channels.Voice),
    ];

    [Fact]
    public void EachStep_SaysWhenItIsReached_CountedFromSending()
    {
        var drawing = Render<LadderDrawing>(p => p.Add(d => d.Steps, Critical));

        Assert.Equal(["at sending", "at 3 min", "at 8 min", "at 15 min"], drawing.FindAll("[data-testid=layer-reached-at]").Select(c => c.TextContent.Trim()));
        var sentence = drawing.Find("[data-testid=ladder-reach]").TextContent;
        Assert.Contains("the attending physician at 8 min, the department head at 15 min", sentence);
        Assert.Contains("runs out at 20 min", sentence);
    }

    [Fact]
    public void EachStep_NamesItsRolesAndChannelsInWords()
    {
        var drawing = Render<LadderDrawing>(p => p.Add(d => d.Steps, Critical));

        var cards = drawing.FindAll("[data-testid=layer-card]");
        Assert.Equal("Attending physician, else On-call physician", cards[2].QuerySelector("[data-testid=layer-roles]")!.TextContent.Trim());
        Assert.Equal(["Inbox", "SMS", "Voice call"], cards[3].QuerySelectorAll(".ladder-channel").Select(c => c.TextContent.Trim()));
        Assert.Equal(["Inbox"], cards[0].QuerySelectorAll(".ladder-channel").Select(c => c.TextContent.Trim()));
        Assert.Contains("Waits 5 min, then the ladder runs out", cards[3].QuerySelector("[data-testid=layer-wait]")!.TextContent);
        Assert.Contains("Waits 3 min, then layer 2", cards[0].QuerySelector("[data-testid=layer-wait]")!.TextContent);
    }

    [Fact]
    public void ALayerNobodyIsOnDutyFor_IsShownAsAGapInRed_AndTheOthersNameWhoWouldReceiveIt()
    {
        var steps = Critical.Select((s, i) => s with
        {
            Receivers = i == 1 ? LayerReceivers.Gap : new LayerReceivers(s.Roles[0], s.Roles[0].Words(), ["Nora Patel"]),
        }).ToList();

        var drawing = Render<LadderDrawing>(p => p.Add(d => d.Steps, steps));

        var receivers = drawing.FindAll("[data-testid=layer-receiver]");
        Assert.Contains("nobody on duty as Charge nurse", receivers[1].TextContent);
        Assert.Contains("ladder-gap", receivers[1].ClassList);
        Assert.Contains("ladder-step-gap", drawing.FindAll("[data-testid=layer-card]")[1].ClassList);
        Assert.Contains("Nora Patel (Primary nurse)", receivers[0].TextContent);
        Assert.DoesNotContain("ladder-gap", receivers[0].ClassList);
        Assert.DoesNotContain("ladder-step-gap", drawing.FindAll("[data-testid=layer-card]")[0].ClassList);
    }

    [Fact]
    public void WithoutAUnit_NoStepSaysWhoWouldReceiveIt()
    {
        var drawing = Render<LadderDrawing>(p => p.Add(d => d.Steps, Critical));

        Assert.Empty(drawing.FindAll("[data-testid=layer-receiver]"));
    }

    [Fact]
    public void Guidance_SitsOnTheStepItIsAbout_FirstTimeoutOnLayer1_TimeToLayer3OnLayer3()
    {
        var draft = LadderDraft.From(
        [
            new([ClinicalRoleKind.PrimaryNurse], 600, [Channels.Inbox]),
            new([ClinicalRoleKind.ChargeNurse], 600, [Channels.Inbox]),
            new([ClinicalRoleKind.Attending], 300, [Channels.Inbox]),
        ]);

        var drawing = Render<LadderDrawing>(p => p.Add(d => d.Steps, draft.Steps(null, [Tier.Critical])));

        var cards = drawing.FindAll("[data-testid=layer-card]");
        Assert.Contains("first Critical timeout is 10 min", Assert.Single(cards[0].QuerySelectorAll("[data-testid=ladder-warning]")).TextContent);
        Assert.Empty(cards[1].QuerySelectorAll("[data-testid=ladder-warning]"));
        Assert.Contains("reaches Layer 3 after 20 min", Assert.Single(cards[2].QuerySelectorAll("[data-testid=ladder-warning]")).TextContent);
    }

    [Fact]
    public void Guidance_FollowsTheDraftAsItIsTyped()
    {
        var draft = LadderDraft.From(Ladder.Defaults.Critical.Select(l => new LayerView(l.Roles, (int)l.Timeout.TotalSeconds, LadderWords.Split(l.Channels))));
        var drawing = Render<LadderDrawing>(p => p.Add(d => d.Steps, draft.Steps(null, [Tier.Critical])));
        Assert.Empty(drawing.FindAll("[data-testid=ladder-warning]"));

        draft.Layers[0].Minutes = 6;
        drawing.Render(p => p.Add(d => d.Steps, draft.Steps(null, [Tier.Critical])));

        var cards = drawing.FindAll("[data-testid=layer-card]");
        Assert.Single(cards[0].QuerySelectorAll("[data-testid=ladder-warning]"));
        Assert.Equal("at 11 min", cards[2].QuerySelector("[data-testid=layer-reached-at]")!.TextContent.Trim());
    }

    [Fact]
    public void UpAndDownButtons_AskToMoveTheLayer_AndTheEndsCannotMoveFurther()
    {
        var moves = new List<LadderMove>();
        var drawing = Render<LadderDrawing>(p => p.Add(d => d.Steps, Critical).Add(d => d.Editable, true).Add(d => d.OnMove, m => moves.Add(m)));

        var cards = drawing.FindAll("[data-testid=layer-card]");
        Assert.True(cards[0].QuerySelector("[data-testid=layer-up]")!.HasAttribute("disabled"));
        Assert.True(cards[3].QuerySelector("[data-testid=layer-down]")!.HasAttribute("disabled"));
        Assert.Equal("Move layer 2 down", cards[1].QuerySelector("[data-testid=layer-down]")!.GetAttribute("aria-label"));

        drawing.FindAll("[data-testid=layer-card]")[1].QuerySelector("[data-testid=layer-down]")!.Click();
        drawing.FindAll("[data-testid=layer-card]")[2].QuerySelector("[data-testid=layer-up]")!.Click();

        Assert.Equal([new LadderMove(1, 2), new LadderMove(2, 1)], moves);
    }

    [Fact]
    public void AnEditorReorderingByButtons_RedrawsTheStepsWithTheirNewReachTimes()
    {
        var draft = LadderDraft.From(Critical.Select(s => new LayerView(s.Roles, (int)s.Timeout.TotalSeconds, LadderWords.Split(s.Channels))));
        var moves = new List<LadderMove>();
        var drawing = Render<LadderDrawing>(p => p.Add(d => d.Steps, draft.Steps(null, [])).Add(d => d.Editable, true).Add(d => d.OnMove, m => moves.Add(m)));

        drawing.FindAll("[data-testid=layer-card]")[0].QuerySelector("[data-testid=layer-down]")!.Click();
        draft.Move(Assert.Single(moves));
        drawing.Render(p => p.Add(d => d.Steps, draft.Steps(null, [])));

        var cards = drawing.FindAll("[data-testid=layer-card]");
        Assert.True(cards.Count == 4, drawing.Markup);
        Assert.Equal(["Charge nurse", "Primary nurse", "Attending physician, else On-call physician", "Department head"],
            cards.Select(c => c.QuerySelector("[data-testid=layer-roles]")!.TextContent.Trim()));
        Assert.Equal("at 5 min", cards[1].QuerySelector("[data-testid=layer-reached-at]")!.TextContent.Trim());
    }

    [Fact]
    public async Task DroppingALayer_AsksToMoveItToWhereItWasDropped()
    {
        var moves = new List<LadderMove>();
        var drawing = Render<LadderDrawing>(p => p.Add(d => d.Steps, Critical).Add(d => d.Editable, true).Add(d => d.OnMove, m => moves.Add(m)));
        var container = drawing.FindComponent<MudDropContainer<LadderDrawing.StepItem>>();
        var third = container.Instance.Items!.ElementAt(2);

        await drawing.InvokeAsync(() => container.Instance.ItemDropped.InvokeAsync(new MudItemDropInfo<LadderDrawing.StepItem>(third, "ladder", 0)));

        Assert.Equal([new LadderMove(2, 0)], moves);
        Assert.Equal(4, drawing.FindAll("[data-testid=layer-drag]").Count);
    }

    [Fact]
    public async Task DroppingALayerWhereItWas_AsksForNoMove()
    {
        var moves = new List<LadderMove>();
        var drawing = Render<LadderDrawing>(p => p.Add(d => d.Steps, Critical).Add(d => d.Editable, true).Add(d => d.OnMove, m => moves.Add(m)));
        var container = drawing.FindComponent<MudDropContainer<LadderDrawing.StepItem>>();
        var second = container.Instance.Items!.ElementAt(1);

        await drawing.InvokeAsync(() => container.Instance.ItemDropped.InvokeAsync(new MudItemDropInfo<LadderDrawing.StepItem>(second, "ladder", 1)));

        Assert.Empty(moves);
    }

    [Fact]
    public void ReadOnly_HasNoButtonsOrDragHandles()
    {
        var drawing = Render<LadderDrawing>(p => p.Add(d => d.Steps, Critical));

        Assert.Empty(drawing.FindAll("button"));
        Assert.Empty(drawing.FindAll("[data-testid=layer-drag]"));
    }
}
