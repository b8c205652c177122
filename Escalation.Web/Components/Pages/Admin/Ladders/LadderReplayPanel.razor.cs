using Escalation.Domain.Common;
using Escalation.Domain.Ladders;
using Escalation.Infrastructure.Access;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Ladders;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Escalation.Web.Components.Pages.Admin.LadderEditing;

public sealed partial class LadderReplayPanel
{
    private LadderReplayView? _view;
    private string? _error;
    private bool _running;

    /// <summary>The layers the result is for, in words: the draft may have been edited since.</summary>
    private string? _replayed;

    [Inject] private LadderReplays Replays { get; set; } = default!;

    [Inject] private MessageAccess Access { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    /// <summary>The ladder being edited: its messages (any version) are the ones replayed.</summary>
    [Parameter, EditorRequired] public Guid FamilyId { get; set; }

    [Parameter, EditorRequired] public Guid UnitId { get; set; }

    /// <summary>The draft as it stands, or why it is not a ladder yet (a timeout half typed).</summary>
    [Parameter, EditorRequired] public Func<(IReadOnlyList<Layer>? Layers, string? Error)> Draft { get; set; } = default!;

    [Parameter] public TimeZoneInfo Zone { get; set; } = TimeZoneInfo.Utc;

    private Guid _shownFor;

    protected override void OnParametersSet()
    {
        // A result for another ladder or unit would be read as this one's.
        if (_view is not null && (_shownFor != FamilyId || _view.UnitId != UnitId))
        {
            _view = null;
        }
    }

    private async Task ReplayAsync()
    {
        _error = null;
        var (layers, error) = Draft();
        if (layers is null)
        {
            (_view, _error) = (null, error);
            return;
        }

        _running = true;
        try
        {
            var caller = await Access.CallerAsync(await AuthState.ActorAsync());
            _view = await Replays.ReplayAsync(caller, FamilyId, UnitId, layers);
            _shownFor = FamilyId;
            _replayed = string.Join(" → ", layers.Select((l, i) => $"L{i + 1} {LadderWords.Roles(l.Roles)} {LadderWords.Duration(l.Timeout)}"));
        }
        catch (Exception exception) when (exception is EngineException or DomainException)
        {
            (_view, _error) = (null, exception.Message);
        }
        finally
        {
            _running = false;
        }
    }

    private static string Delta(int delta, bool brackets = false) => delta switch
    {
        0 => brackets ? string.Empty : "—",
        > 0 => brackets ? $"(+{delta})" : $"+{delta}",
        _ => brackets ? $"({delta})" : $"{delta}",
    };

    private static string Layer(int number) => number == 0 ? "none" : $"L{number}";
}
