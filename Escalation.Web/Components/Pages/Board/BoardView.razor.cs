using Escalation.Domain.Organisation;
using Escalation.Infrastructure.Access;
using Escalation.Infrastructure.Compliance;
using Escalation.Infrastructure.Engine;
using Escalation.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Escalation.Web.Components.Pages.Board;

/// <summary>
/// The live board: every open message of the caller's units, re-read whenever the engine reports a change. The
/// page at a desk and the wall display are this one component; the wall drops the filters, the actions and the
/// send form, and draws large.
/// </summary>
public sealed partial class BoardView : IDisposable
{
    private static readonly Tier[] Tiers = [Tier.Critical, Tier.Urgent, Tier.Routine];

    private string _me = string.Empty;
    private bool _isAdmin;
    private IReadOnlyList<UnitDto> _units = [];
    private Caller? _caller;
    private Guid? _unitFilter;
    private Tier? _tierFilter;
    private IReadOnlyList<BoardRowModel> _rows = [];
    private IReadOnlyList<PersonDto> _people = [];
    private IDisposable? _subscription;
    private string? _message;
    private bool? _ok;
    private MaintenanceView? _maintenance;
    private ITimer? _maintenanceTimer;
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private DateTimeOffset _now;

    [Inject] private InboxQueries Reads { get; set; } = default!;

    [Inject] private EscalationEngine Engine { get; set; } = default!;

    [Inject] private MessageAccess Access { get; set; } = default!;

    [Inject] private EngineNotifier Notifier { get; set; } = default!;

    [Inject] private OrganisationDirectory Directory { get; set; } = default!;

    [Inject] private Maintenance Maintenance { get; set; } = default!;

    [Inject] private OrganisationTime Time { get; set; } = default!;

    [Inject] private TimeProvider Clock { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    /// <summary>The wall display: read from across the nurses' station, so large and without controls.</summary>
    [Parameter] public bool Wall { get; set; }

    private int PinnedCount => _rows.Count(r => r.IsPinned);

    // Empty until OnInitializedAsync has read the caller: the prerender draws once before that.
    private IReadOnlyList<UnitDto> MyUnits => _caller is null ? []
        : MessageAccess.UnitScope(_caller) is { } scope
        ? _units.Where(u => scope.Contains(new UnitId(u.Id))).ToList()
        : _units;

    private string Scope => _isAdmin
        ? (_unitFilter is { } u ? _units.FirstOrDefault(x => x.Id == u)?.Name ?? "All units" : "All units")
        : (MyUnits.FirstOrDefault()?.Name ?? "No home unit: ask an administrator to set one");

    protected override async Task OnInitializedAsync()
    {
        _me = await AuthState.ActorAsync();
        _caller = await Access.CallerAsync(_me);
        _isAdmin = _caller.IsAdministrator;
        _zone = await Time.ZoneAsync();
        _units = await Directory.GetUnitsAsync();
        _people = await Directory.GetPeopleAsync();
        await ReloadAsync();
        // The fallback procedure must appear when the window starts, even if no message changes then.
        _maintenanceTimer = Clock.CreateTimer(_ => InvokeAsync(async () =>
        {
            _maintenance = await Maintenance.CurrentAsync();
            _now = Time.Now;
            StateHasChanged();
        }), null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
        _subscription = Notifier.Subscribe(change =>
        {
            _ = InvokeAsync(async () =>
            {
                await ReloadAsync();
                StateHasChanged();
            });
        });
    }

    private async Task FilterAsync(Guid? unit, Tier? tier)
    {
        _unitFilter = unit;
        _tierFilter = tier;
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        IReadOnlyCollection<Guid>? units = _isAdmin ? (_unitFilter is { } u ? [u] : null) : MyUnits.Select(x => x.Id).ToList();
        var items = await Reads.BoardAsync(units, _tierFilter);
        // The picker offers only the people the engine would accept for each unit shown.
        var reassignable = new Dictionary<Guid, IReadOnlyList<PersonDto>>();
        if (!Wall)
        {
            foreach (var unit in items.Select(i => i.UnitId).Distinct())
            {
                var ids = (await Access.ReassignableAsync(new UnitId(unit))).ToHashSet();
                reassignable[unit] = _people.Where(p => ids.Contains(p.Id)).OrderBy(p => p.DisplayName).ToList();
            }
        }

        _rows = items.Select(i => BoardRowModel.From(i, _caller!, reassignable.GetValueOrDefault(i.UnitId, []))).ToList();
        _maintenance = await Maintenance.CurrentAsync();
        _now = Time.Now;
    }

    /// <summary>On the unit's behalf: the message stops climbing, and the audit says who acknowledged it for whom.</summary>
    private async Task AcknowledgeAsync(BoardRowModel row)
    {
        var result = await Engine.AcknowledgeAsync(new MessageId(row.Id), await Access.CallerAsync(_me));
        (_ok, _message) = (result.Succeeded, result.Succeeded ? $"Acknowledged \"{row.Subject}\" on the unit's behalf." : result.Error);
        await ReloadAsync();
    }

    private async Task EscalateAsync(BoardRowModel row)
    {
        var result = await Engine.EscalateNowAsync(new MessageId(row.Id), await Access.CallerAsync(_me));
        (_ok, _message) = (result.Succeeded, result.Succeeded ? $"\"{row.Subject}\" moved on now." : result.Error);
        await ReloadAsync();
    }

    private async Task ReassignAsync(BoardReassignment reassignment)
    {
        var (row, person) = (reassignment.Row, reassignment.PersonId);
        var result = await Engine.ReassignAsync(new MessageId(row.Id), person, await Access.CallerAsync(_me));
        var name = _people.FirstOrDefault(p => p.Id == person)?.DisplayName ?? person;
        (_ok, _message) = (result.Succeeded, result.Succeeded ? $"\"{row.Subject}\" reassigned to {name}." : result.Error);
        await ReloadAsync();
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _maintenanceTimer?.Dispose();
    }
}
