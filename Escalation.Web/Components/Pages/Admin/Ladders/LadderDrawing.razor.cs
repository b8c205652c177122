using Escalation.Domain.Ladders;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Escalation.Web.Components.Pages.Admin.LadderEditing;

public sealed partial class LadderDrawing
{
    private const string Zone = "ladder";

    private MudDropContainer<StepItem>? _container;
    private readonly List<StepItem> _items = [];
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
        // One item per position, kept across renders: the drop zone keys its items by them, so a new item per
        // keystroke would rebuild every field of every step (and take the focus from the one being typed in).
        _items.RemoveRange(Math.Min(Steps.Count, _items.Count), Math.Max(0, _items.Count - Steps.Count));
        for (var i = 0; i < Steps.Count; i++)
        {
            if (i == _items.Count)
            {
                _items.Add(new StepItem(i));
            }

            _items[i].Step = Steps[i];
        }

        _offsets = LadderReach.Offsets(Steps);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // After a drop the zone has put the dropped item where it fell; the editor has moved the layer itself and the
        // items are positional again, so the zone must forget its own order or it would draw the move twice.
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

    private Task DroppedAsync(MudItemDropInfo<StepItem> drop)
    {
        _redrawZone = true;
        return drop.Item is null ? Task.CompletedTask : MoveAsync(drop.Item.Index, Math.Clamp(drop.IndexInZone, 0, Steps.Count - 1));
    }

    /// <summary>
    /// Every item belongs in the one zone. Given to the zone itself (not only the container) because a delegate
    /// parameter makes the zone redraw its steps in the same render as the drawing: otherwise a field typed into
    /// right after the ladder changed would still write to the layer it showed before.
    /// </summary>
    private static bool InZone(StepItem item) => true;

    private string StepClass(StepItem item) =>
        "ladder-step" + (item.Index == Steps.Count - 1 ? " ladder-step-last" : string.Empty) + (item.Step.Receivers is { IsGap: true } ? " ladder-step-gap" : string.Empty) + (item.Step.Guidance is { Count: > 0 } ? " ladder-step-warned" : string.Empty);

    private static string ChannelIcon(Channels channel) => channel switch
    {
        Channels.Sms => Icons.Material.Filled.Sms,
        Channels.Voice => Icons.Material.Filled.Call,
        _ => Icons.Material.Filled.Inbox,
    };

    /// <summary>The step drawn at a position; compared by reference, as the drop zone needs.</summary>
    public sealed class StepItem(int index)
    {
        public int Index { get; } = index;

        public LadderStep Step { get; set; } = null!;
    }
}
