using Escalation.Domain.LabResults;
using Escalation.Infrastructure.LabResults;
using Escalation.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Escalation.Web.Components.Pages.Admin;

/// <summary>
/// The administrator's critical limits table and detection policy. The page asks the server and says what came of
/// it; which row is open and what a cancel undoes is <see cref="LabLimitTableEditor"/>'s.
/// </summary>
public sealed partial class LabLimits
{
    /// <summary>The three precedences, said as what each means for a result.</summary>
    private static readonly (FlagPrecedence Value, string Text)[] PrecedenceChoices =
    [
        (FlagPrecedence.MostSevereWins, "The more severe wins (recommended): a critical value is never missed because one side was silent or milder"),
        (FlagPrecedence.LabFlagWins, "The lab's flag wins: this table only decides when the lab sent no flag"),
        (FlagPrecedence.LimitsWin, "This table wins: the lab's flag only decides when no row matches the analyte and unit"),
    ];

    private readonly LabLimitTableEditor _editor = new();
    private LabPolicyView? _policy;
    private FlagPrecedence _precedence;
    private bool _urgentForAbnormal;
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private string? _message;
    private bool _ok;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    [Inject] private LabLimitAdministration Admin { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private OrganisationTime Time { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _zone = await Time.ZoneAsync();
        _editor.Load(await Admin.ListAsync());
        await LoadPolicyAsync();
    }

    private async Task LoadPolicyAsync()
    {
        _policy = await Admin.PolicyAsync();
        (_precedence, _urgentForAbnormal) = (_policy.Precedence, _policy.UrgentForAbnormal);
    }

    private void AddRow()
    {
        _message = null;
        _editor.BeginAdd();
    }

    private async Task SaveRowAsync(LabLimitRow draft)
    {
        var actor = await AuthState.ActorAsync();
        try
        {
            var saved = draft.Id is { } id
                ? await Admin.ChangeAsync(id, draft.ToInput(), actor)
                : await Admin.AddAsync(draft.ToInput(), actor);
            (_ok, _message) = saved is null
                ? (false, "Somebody else deleted this row: the table has been read again.")
                : (true, $"{LabLimitRow.From(saved).Title} saved: it applies to the next result received.");
            _editor.Saved(await Admin.ListAsync());
        }
        catch (LabRulesException exception)
        {
            // The draft stays open with what was typed, so the administrator corrects it; nothing was saved.
            (_ok, _message) = (false, exception.Message);
        }
    }

    private async Task DeleteAsync(LabLimitRow row)
    {
        _message = null;
        var confirmed = await ConfirmDialog.AskAsync(Dialogs, "Delete limit",
            $"Delete the limit for {row.Title}? Results for it will then be judged by the lab's flag alone.",
            confirm: "Delete", cancel: "Keep it");
        if (!confirmed || row.Id is not { } id)
        {
            return;
        }

        var removed = await Admin.RemoveAsync(id, await AuthState.ActorAsync());
        (_ok, _message) = (removed, removed ? $"{row.Title} deleted." : "Somebody else deleted this row already.");
        _editor.Load(await Admin.ListAsync());
    }

    private async Task ResetAsync()
    {
        _message = null;
        var confirmed = await ConfirmDialog.AskAsync(Dialogs, "Reset to shipped defaults",
            $"Replace the whole table with the {CriticalLimits.Defaults.Count} shipped defaults? Every row added or edited here is lost (the audit trail keeps them). The detection policy is not changed.",
            confirm: "Reset", cancel: "Keep my table");
        if (!confirmed)
        {
            return;
        }

        try
        {
            var rows = await Admin.ResetToDefaultsAsync(await AuthState.ActorAsync());
            (_ok, _message) = (true, $"The table holds the {rows.Count} shipped defaults again.");
        }
        catch (LabRulesException exception)
        {
            (_ok, _message) = (false, exception.Message);
        }

        _editor.Load(await Admin.ListAsync());
    }

    private async Task SavePolicyAsync()
    {
        try
        {
            await Admin.ChangePolicyAsync(_precedence, _urgentForAbnormal, await AuthState.ActorAsync());
            (_ok, _message) = (true, "Detection policy saved: it applies to the next result received.");
        }
        catch (LabRulesException exception)
        {
            (_ok, _message) = (false, exception.Message);
        }

        await LoadPolicyAsync();
    }
}
