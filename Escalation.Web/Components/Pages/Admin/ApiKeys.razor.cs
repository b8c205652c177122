using Escalation.Infrastructure.Integrations;
using Escalation.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Escalation.Web.Components.Pages.Admin;

/// <summary>Integration keys: issue one (its secret shown once), say what it feeds, revoke it.</summary>
public sealed partial class ApiKeys
{
    private IReadOnlyList<ApiKeyView> _keys = [];
    private BindingChoices _choices = new([], []);
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private string? _name;
    private string? _source;
    private string? _secret;
    private string? _error;
    private string? _result;
    private ApiKeyView? _editing;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    [Inject] private ApiKeyAdministration Keys { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private OrganisationTime Time { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _zone = await Time.ZoneAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _keys = await Keys.ListAsync();
        _choices = await Keys.ChoicesAsync();
    }

    private async Task IssueAsync()
    {
        _secret = _error = _result = null;
        if (string.IsNullOrWhiteSpace(_name) || string.IsNullOrWhiteSpace(_source))
        {
            _error = "Give the key a name and the source its messages come from.";
            return;
        }

        var issued = await Keys.IssueAsync(_name, _source, await AuthState.ActorAsync(), value => _secret = value);
        _name = _source = null;
        await LoadAsync();
        Edit(issued);
    }

    private void Edit(ApiKeyView key)
    {
        _error = _result = null;
        _editing = key;
    }

    private async Task SaveBindingAsync(KeyBinding binding)
    {
        if (_editing is null)
        {
            return;
        }

        _error = _result = null;
        var (saved, outcome) = await Keys.SetBindingAsync(_editing.Id, binding, await AuthState.ActorAsync());
        if (saved is null)
        {
            _error = outcome.Error;
            return;
        }

        await LoadAsync();
        _result = $"{saved.Name} now feeds {KeyBindingText.Describe(saved.Binding, _choices)}.";
        _editing = null;
    }

    private async Task RevokeAsync(ApiKeyView key)
    {
        var confirmed = await ConfirmDialog.AskAsync(Dialogs, "Revoke key",
            $"Revoke “{key.Name}”? Whatever presents it is refused from now on; a revoked key cannot be restored.",
            confirm: "Revoke", cancel: "Keep it");
        if (!confirmed)
        {
            return;
        }

        _secret = _result = _error = null;
        await Keys.RevokeAsync(key.Id, await AuthState.ActorAsync());
        if (_editing?.Id == key.Id)
        {
            _editing = null;
        }

        await LoadAsync();
    }
}
