using Escalation.Infrastructure.Identity;
using Escalation.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Escalation.Web.Components.Pages.Admin;

/// <summary>The people who sign in: the list, who is held from signing in now, and the add-or-edit form.</summary>
public sealed partial class Users
{
    private IReadOnlyList<PersonDto> _people = [];
    private IReadOnlyList<SignInBlock> _blocks = [];
    private IReadOnlyList<UnitDto> _units = [];
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private UserForm _form = new();
    private string? _filter;
    private string? _result;
    private bool _ok;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    [Inject] private OrganisationDirectory Directory { get; set; } = default!;

    [Inject] private UserAdministration Admin { get; set; } = default!;

    [Inject] private SignInThrottle Throttle { get; set; } = default!;

    [Inject] private OrganisationTime Time { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _zone = await Time.ZoneAsync();
        _units = await Directory.GetUnitsAsync();
        await LoadPeopleAsync();
    }

    private async Task LoadPeopleAsync()
    {
        _people = await Directory.GetPeopleAsync();
        _blocks = Throttle.ActiveBlocks();
    }

    private bool MatchesFilter(PersonDto person) =>
        string.IsNullOrWhiteSpace(_filter) || person.DisplayName.Contains(_filter.Trim(), StringComparison.OrdinalIgnoreCase);

    private string UnitName(Guid? id) => _units.FirstOrDefault(u => u.Id == id)?.Name ?? string.Empty;

    private async Task SelectAsync(PersonDto person)
    {
        _result = null;
        _form = UserForm.ForPerson(person, await Directory.GetPersonAsync(person.Id), _units);
    }

    private void Reset()
    {
        _form = new UserForm();
        _result = null;
    }

    private async Task SaveAsync()
    {
        var actor = await AuthState.ActorAsync();
        if (_form.Refusal(actor) is { } refusal)
        {
            (_ok, _result) = (false, refusal);
            return;
        }

        try
        {
            if (_form.IsNew)
            {
                var (_, password) = await Admin.CreateAsync(_form.Email!, _form.ToChange(), actor);
                (_ok, _result) = (true, $"{_form.DisplayName} added. One-time password (shown once, hand it over in person): {password}");
                _form = new UserForm();
            }
            else
            {
                await Admin.UpdateAsync(_form.EditingId!, _form.ToChange(), actor);
                (_ok, _result) = (true, _form.SavedText());
            }

            await LoadPeopleAsync();
        }
        catch (ArgumentException exception)
        {
            (_ok, _result) = (false, exception.Message);
        }
    }
}
