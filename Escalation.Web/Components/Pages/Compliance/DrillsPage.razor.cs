using Escalation.Domain.Common;
using Escalation.Domain.Organisation;
using Escalation.Infrastructure.Compliance;
using Escalation.Infrastructure.Ladders;
using Escalation.Web.Components.Pages.Roster;
using Escalation.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Escalation.Web.Components.Pages.Compliance;

/// <summary>Drills: run one now, schedule them, and each drill's report of how long every layer took against its timeout.</summary>
public sealed partial class DrillsPage
{
    [Inject] private Drills Drills { get; set; } = default!;

    [Inject] private LadderAdministration Ladders { get; set; } = default!;

    [Inject] private OrganisationDirectory Directory { get; set; } = default!;

    [Inject] private OrganisationTime Time { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private IReadOnlyList<DrillView> _history = [];
    private IReadOnlyList<UnitDto> _units = [];
    private IReadOnlyList<LadderView> _ladders = [];
    private Guid _unitId;
    private Guid _ladderId;
    private bool _isAdmin;
    private string? _result;
    private IReadOnlyList<DrillScheduleView> _schedules = [];
    private int _everyMonths = DrillSchedule.DefaultEveryMonths;
    private DateTime? _firstRunDate;
    private TimeSpan? _firstRunTime;
    private string? _scheduleError;

    protected override async Task OnInitializedAsync()
    {
        _zone = await Time.ZoneAsync();
        _isAdmin = (await AuthState!).User.IsInRole(PersonaRole.Administrator);
        _units = await Directory.GetUnitsAsync();
        _ladders = await Ladders.ListAsync();
        _unitId = _units.FirstOrDefault(u => u.Code == "ED")?.Id ?? _units.FirstOrDefault()?.Id ?? Guid.Empty;
        _ladderId = _ladders.FirstOrDefault(l => l.Name.StartsWith("Drill", StringComparison.Ordinal))?.FamilyId ?? _ladders.FirstOrDefault()?.FamilyId ?? Guid.Empty;
        _history = await Drills.HistoryAsync();
        _schedules = await Drills.SchedulesAsync();
        // A week from today at 10:00, the organisation's wall clock.
        (_firstRunDate, _firstRunTime) = (WallClock.FromInstant(Time.Now, _zone).Date.AddDays(7), new TimeSpan(10, 0, 0));
    }

    private string UnitName(Guid id) => _units.FirstOrDefault(u => u.Id == id)?.Name ?? string.Empty;

    private string LadderName(Guid familyId) => _ladders.FirstOrDefault(l => l.FamilyId == familyId)?.Name ?? string.Empty;

    private async Task ScheduleAsync()
    {
        try
        {
            var first = WallClock.ToInstant(_firstRunDate, _firstRunTime, _zone, "First run");
            await Drills.ScheduleAsync(_unitId, _ladderId, _everyMonths, first, enabled: true, await AuthState.ActorAsync());
            _scheduleError = null;
            _schedules = await Drills.SchedulesAsync();
        }
        catch (Exception exception) when (exception is ArgumentException or DomainException)
        {
            _scheduleError = exception.Message;
        }
    }

    private async Task RunAsync()
    {
        var actor = await AuthState.ActorAsync();
        await Drills.RunNowAsync(_unitId, _ladderId, actor);
        _result = "Drill sent: it climbs the ladder until somebody acknowledges it.";
        _history = await Drills.HistoryAsync();
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds < 120 ? $"{span.TotalSeconds:0.#} s" : $"{span.TotalMinutes:0.#} min";
}
