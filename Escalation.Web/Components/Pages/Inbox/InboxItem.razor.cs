using Microsoft.AspNetCore.Components;
using Entry = Escalation.Infrastructure.Engine.InboxItem;

namespace Escalation.Web.Components.Pages.Inbox;

/// <summary>How a row of the inbox reads: what it asks of the person looking at it.</summary>
public enum InboxItemLook
{
    /// <summary>Open and waiting for this person: read or not, it keeps escalating until somebody acknowledges.</summary>
    AwaitingAcknowledgment,

    /// <summary>Open, but with another layer now: somebody else is asked to acknowledge.</summary>
    WithOthers,

    Acknowledged,

    Closed,
}

public sealed partial class InboxItem
{
    [Inject] private TimeProvider Clock { get; set; } = default!;

    [Parameter, EditorRequired] public Entry Item { get; set; } = default!;

    /// <summary>The organisation's zone: every time on the row is said in it.</summary>
    [Parameter, EditorRequired] public TimeZoneInfo Zone { get; set; } = TimeZoneInfo.Utc;

    /// <summary>The name of whoever acknowledged it (the item carries an id).</summary>
    [Parameter] public string? AcknowledgedByName { get; set; }

    [Parameter] public bool Selected { get; set; }

    [Parameter] public EventCallback<Guid> OnSelect { get; set; }

    [Parameter] public EventCallback<Guid> OnAcknowledge { get; set; }

    private DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>What the row last drew. Every arrival re-renders the inbox; a row whose message, age and selection
    /// are unchanged is skipped, so an arrival costs one new row, not a redraw of the whole list.</summary>
    private (Entry Item, bool Selected, string? By, TimeZoneInfo Zone, string Age, bool CanAcknowledge)? _drawn;

    private string Age => TimeText.Age(Item.CreatedAt, Now, Zone);

    private (Entry, bool, string?, TimeZoneInfo, string, bool) Shown => (Item, Selected, AcknowledgedByName, Zone, Age, OnAcknowledge.HasDelegate);

    // The first render does not ask ShouldRender.
    protected override void OnInitialized() => _drawn = Shown;

    protected override bool ShouldRender()
    {
        var now = Shown;
        if (_drawn == now)
        {
            return false;
        }

        _drawn = now;
        return true;
    }

    public InboxItemLook Look => Item.State switch
    {
        MessageState.Open when Item.IAmCurrentRecipient => InboxItemLook.AwaitingAcknowledgment,
        MessageState.Open => InboxItemLook.WithOthers,
        MessageState.Acknowledged => InboxItemLook.Acknowledged,
        _ => InboxItemLook.Closed,
    };

    /// <summary>The selected message shows its own, larger Acknowledge above the list: one button per message on screen.</summary>
    private bool OffersAcknowledge => Look == InboxItemLook.AwaitingAcknowledgment && !Selected && OnAcknowledge.HasDelegate;

    private string StatusText => Look switch
    {
        InboxItemLook.AwaitingAcknowledgment when Item.IsExhausted => "Needs acknowledgment · every layer tried",
        InboxItemLook.AwaitingAcknowledgment when Item.ReadByMeAt is not null => "Read, not acknowledged",
        InboxItemLook.AwaitingAcknowledgment => "Needs acknowledgment",
        InboxItemLook.WithOthers => $"Open · now with layer {Item.CurrentLayer}",
        InboxItemLook.Acknowledged when Item.RemindedMeAt is not null => $"Acknowledged{By}{At} · reminder: not closed yet",
        InboxItemLook.Acknowledged => $"Acknowledged{By}{At}",
        _ => "Closed",
    };

    private string By => AcknowledgedByName is { Length: > 0 } name ? $" by {name}" : "";

    /// <summary>Today's acknowledgment by its clock time, an older one with its day; both in the organisation's zone.</summary>
    private string At => Item.AcknowledgedAt is not { } at ? ""
        : Now - at < TimeSpan.FromHours(12) ? $" at {TimeText.Clock(at, Zone)}"
        : $" on {TimeText.When(at, Zone)}";

    private string RowClass =>
        $"inbox-row tier-edge-{Item.Tier.ToString().ToLowerInvariant()} inbox-{Look switch
        {
            InboxItemLook.AwaitingAcknowledgment => "awaiting",
            InboxItemLook.WithOthers => "others",
            _ => "done",
        }}{(Selected ? " inbox-selected" : "")}";

    private Task SelectAsync() => OnSelect.InvokeAsync(Item.Id);

    private Task AcknowledgeAsync() => OnAcknowledge.InvokeAsync(Item.Id);
}
