using Escalation.Domain.Common;
using Escalation.Domain.Roster;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Roster;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Escalation.Web.Components.Pages.Roster;

/// <summary>
/// An administrator's three changes to a unit's roster: an override for an interval, a rotation, a daily backup
/// contact. Times are picked as wall-clock dates and times in the unit's zone; <see cref="WallClock"/> makes them instants.
/// </summary>
public sealed partial class RosterEditor
{
    [Inject] private RosterAdministration Roster { get; set; } = default!;

    [Inject] private TimeProvider Clock { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    [Parameter, EditorRequired] public UnitDto Unit { get; set; } = default!;

    [Parameter] public IReadOnlyList<PersonDto> People { get; set; } = [];

    [Parameter] public TimeZoneInfo Zone { get; set; } = TimeZoneInfo.Utc;

    [Parameter] public EventCallback Changed { get; set; }

    private Guid _overrideRole;
    private OverrideKind _overrideKind = OverrideKind.Replace;
    private string? _overrideUser;
    private string? _overrideReplaced;
    private DateTime? _overrideFromDate;
    private TimeSpan? _overrideFromTime;
    private DateTime? _overrideUntilDate;
    private TimeSpan? _overrideUntilTime;
    private string? _overrideReason;

    private Guid _rotationRole;
    private string? _rotationName;
    private IReadOnlyCollection<string> _rotationPeople = [];
    private int _rotationLength = 1;
    private RotationUnit _rotationUnit = RotationUnit.Weeks;
    private DateTime? _rotationStartDate;
    private TimeSpan? _rotationStartTime;

    private Guid _backupRole;
    private string? _backupUser;
    private TimeSpan? _backupFrom = new(22, 0, 0);
    private TimeSpan? _backupUntil = new(7, 0, 0);

    private string? _message;
    private bool _ok;

    protected override void OnParametersSet()
    {
        // The form opens on the current hour for the next 12 hours, and a rotation's first hand-off at 07:00 today.
        if (_overrideFromDate is null)
        {
            var (today, time) = WallClock.FromInstant(Clock.GetUtcNow(), Zone);
            var hour = today.AddHours(time.Hours);
            (_overrideFromDate, _overrideFromTime) = (hour.Date, hour.TimeOfDay);
            (_overrideUntilDate, _overrideUntilTime) = (hour.AddHours(12).Date, hour.AddHours(12).TimeOfDay);
            (_rotationStartDate, _rotationStartTime) = (today, new TimeSpan(7, 0, 0));
        }

        if (!Unit.Roles.Any(r => r.Id == _overrideRole))
        {
            _overrideRole = _rotationRole = _backupRole = Unit.Roles.FirstOrDefault()?.Id ?? Guid.Empty;
        }
    }

    private Task SaveOverrideAsync() => RunAsync(async actor =>
    {
        await Roster.AddOverrideAsync(new OverrideRequest(_overrideRole, _overrideKind, _overrideUser ?? string.Empty, _overrideKind == OverrideKind.Replace ? _overrideReplaced : null,
            WallClock.ToInstant(_overrideFromDate, _overrideFromTime, Zone, "From"), WallClock.ToInstant(_overrideUntilDate, _overrideUntilTime, Zone, "Until"), _overrideReason), actor);
        return $"Override saved ({RosterWords.Of(_overrideKind)} {Name(_overrideUser)}).";
    });

    private Task SaveRotationAsync() => RunAsync(async actor =>
    {
        if (_rotationStartDate is not { } date || _rotationStartTime is not { } time)
        {
            throw new DomainException("Choose the date and time of the first hand-off.");
        }

        await Roster.CreateRotationAsync(new RotationRequest(_rotationRole, _rotationName ?? string.Empty, _rotationPeople.ToList(), _rotationUnit, _rotationLength,
            DateOnly.FromDateTime(date), TimeOnly.FromTimeSpan(time)), actor);
        return $"Rotation '{_rotationName}' created.";
    });

    private Task SaveBackupAsync() => RunAsync(async actor =>
    {
        if (_backupFrom is not { } from || _backupUntil is not { } until)
        {
            throw new DomainException("Choose the daily window, for example 22:00 until 07:00.");
        }

        await Roster.AddBackupAsync(new BackupRequest(_backupRole, _backupUser ?? string.Empty, TimeOnly.FromTimeSpan(from), TimeOnly.FromTimeSpan(until), null, null), actor);
        return $"Backup contact {Name(_backupUser)} added ({from:hh\\:mm}–{until:hh\\:mm}).";
    });

    private async Task RunAsync(Func<string, Task<string>> action)
    {
        try
        {
            var actor = await AuthState.ActorAsync();
            _message = await action(actor);
            _ok = true;
            await Changed.InvokeAsync();
        }
        catch (Exception exception) when (exception is DomainException or EngineException)
        {
            _message = exception.Message;
            _ok = false;
        }
    }

    /// <summary>Option texts: an item without child content shows this, so its select keeps a visible, clickable input.</summary>
    private string RoleName(Guid roleId) => Unit.Roles.FirstOrDefault(r => r.Id == roleId)?.Name ?? string.Empty;

    private string PersonName(string? userId) => People.FirstOrDefault(p => p.Id == userId)?.DisplayName ?? string.Empty;

    private string Name(string? userId) => People.FirstOrDefault(p => p.Id == userId)?.DisplayName ?? "?";
}
