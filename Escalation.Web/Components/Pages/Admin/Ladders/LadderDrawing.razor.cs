using Escalation.Domain.Ladders;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Escalation.Web.Components.Pages.Admin.LadderEditing;

public sealed partial class LadderDrawing
{
    private const string Zone = "ladder";

    private MudDropContainer<StepItem>? _container;
    private IReadOnlyList<StepItem> _items = [];
    private IReadOnlyList<TimeSpan> _offsets = [TimeSpan.Zero];
    private bool _redrawZone;

    /// <summary>The layers, first to last.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<LadderStep> Steps { get; set; } = [];

    /// <summary>Shows the drag handles and the up, down and remove buttons.</summary>
    [Parameter] public bool Editable { get; set; }

    /// <summary>The fields of the step with the given index (roles, timeout, channels), drawn inside that step.</summary>
    [Parameter] public RenderFragment<int>? StepEditor { get; set; }

    /// <summary>A layer is to move, by drag and drop or by its up/down buttons.</summary>
    [Parameter] public EventCallback<LadderMove> OnMove { get; set; }

    [Parameter] public EventCallback<int> OnRemove { get; set; }

    protected override void OnParametersSet()
    {
        _items = Steps.Select((s, i) => new StepItem(i, s)).ToList();
        _offsets = LadderReach.Offsets(Steps);
        _redrawZone = true;
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // The drop zone remembers the order it last drew items in; once the container holds the new steps, it must
        // forget it, or a layer moved by a button or a drop would be drawn where it was.
        if (_redrawZone && _container is not null)
        {
            _redrawZone = false;
            _container.Refresh();
        }
    }

    private async Task MoveAsync(int from, int to)
    {
        if (from != to && to >= 0 && to < Steps.Count)
        {
            await OnMove.InvokeAsync(new LadderMove(from, to));
        }
    }

    private Task DroppedAsync(MudItemDropInfo<StepItem> drop) =>
        drop.Item is null ? Task.CompletedTask : MoveAsync(drop.Item.Index, Math.Clamp(drop.IndexInZone, 0, Steps.Count - 1));

    private string StepClass(StepItem item) =>
        "ladder-step" + (item.Index == Steps.Count - 1 ? " ladder-step-last" : string.Empty) + (item.Step.Receivers is { IsGap: true } ? " ladder-step-gap" : string.Empty) + (item.Step.Guidance is { Count: > 0 } ? " ladder-step-warned" : string.Empty);

    private static string ChannelIcon(Channels channel) => channel switch
    {
        Channels.Sms => Icons.Material.Filled.Sms,
        Channels.Voice => Icons.Material.Filled.Call,
        _ => Icons.Material.Filled.Inbox,
    };

    /// <summary>A step with its position; a new instance per render so the drop container never holds a stale index.</summary>
    public sealed record StepItem(int Index, LadderStep Step);
}
