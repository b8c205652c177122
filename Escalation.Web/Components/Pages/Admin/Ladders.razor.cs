using Escalation.Domain.Common;
using Escalation.Domain.Organisation;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Ladders;
using Escalation.Web.Components.Pages.Admin.LadderEditing;
using Escalation.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Escalation.Web.Components.Pages.Admin;

/// <summary>
/// The ladder editor: pick a ladder, see it drawn as it climbs (and who it would reach now in a chosen unit), change
/// it, save a new version. Rules live in <see cref="LadderDraft"/>, <see cref="LadderGuidance"/> and the ladder service.
/// </summary>
public sealed partial class Ladders
{
    private static readonly ClinicalRoleKind[] Kinds = Enum.GetValues<ClinicalRoleKind>();

    private IReadOnlyList<LadderView> _ladders = [];
    private IReadOnlyList<LadderVersionView> _versions = [];
    private IReadOnlyList<TierPolicyView> _tiers = [];
    private IReadOnlyList<UnitDto> _units = [];
    private readonly Dictionary<string, string> _names = [];
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private Guid _familyId;
    private Guid _unitId;
    private string? _name;
    private string? _note;
    private LadderDraft? _draft;
    private IReadOnlyList<LayerReceivers>? _receivers;
    private string? _message;
    private bool _ok;

    [Inject] private LadderAdministration Admin { get; set; } = default!;

    [Inject] private OrganisationDirectory Directory { get; set; } = default!;

    [Inject] private OrganisationTime Time { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    /// <summary>The tiers that climb the ladder being edited: their guidance is what the drawing warns about.</summary>
    private IReadOnlyList<Tier> UsedBy => _tiers.Where(t => t.LadderId == _familyId).Select(t => t.Tier).ToList();

    private IReadOnlyList<LadderStep> Steps => _draft?.Steps(_receivers, UsedBy) ?? [];

    protected override async Task OnInitializedAsync()
    {
        _zone = await Time.ZoneAsync();
        _units = await Directory.GetUnitsAsync();
        var people = await Directory.GetPeopleAsync();
        foreach (var person in people)
        {
            _names[person.Id] = person.DisplayName;
        }

        var user = AuthState is null ? null : (await AuthState).User;
        _unitId = EditorUnit.Default(_units, people, user is null ? null : EscalationClaims.HomeUnitOf(user));

        await LoadAsync();
        var first = _ladders.FirstOrDefault(l => _tiers.Any(t => t.Tier == Tier.Critical && t.LadderId == l.FamilyId)) ?? _ladders.FirstOrDefault();
        if (first is not null)
        {
            await SelectAsync(first.FamilyId);
        }
    }

    private async Task LoadAsync()
    {
        _ladders = await Admin.ListAsync();
        _tiers = await Admin.TiersAsync();
    }

    private async Task SelectAsync(Guid familyId)
    {
        _familyId = familyId;
        _message = null;
        var ladder = _ladders.Single(l => l.FamilyId == familyId);
        _name = ladder.Name;
        _note = null;
        _draft = LadderDraft.From(ladder.Layers);
        _versions = await Admin.VersionsAsync(familyId);
        await RefreshReceiversAsync();
    }

    private async Task UnitChangedAsync(Guid id)
    {
        _unitId = id;
        await RefreshReceiversAsync();
    }

    private async Task RefreshReceiversAsync() =>
        _receivers = _draft is null ? null : await Admin.ReceiversAsync(_unitId, _draft.RoleLists);

    private async Task RolesChangedAsync(int index, IEnumerable<ClinicalRoleKind> roles)
    {
        _draft!.SetRoles(index, roles);
        await RefreshReceiversAsync();
    }

    private async Task MoveAsync(LadderMove move)
    {
        _draft!.Move(move);
        await RefreshReceiversAsync();
    }

    private async Task RemoveAsync(int index)
    {
        _draft!.Remove(index);
        await RefreshReceiversAsync();
    }

    private async Task AddAsync()
    {
        _draft!.Add();
        await RefreshReceiversAsync();
    }

    private async Task SaveAsync()
    {
        if (!_draft!.TryBuild(out var layers, out var error))
        {
            (_ok, _message) = (false, error);
            return;
        }

        try
        {
            var actor = await AuthState.ActorAsync();
            var saved = await Admin.ReviseAsync(_familyId, _name ?? string.Empty, layers, actor, _note);
            var message = $"Saved as version {saved!.Version}. Messages already climbing keep the version they started with.";
            await LoadAsync();
            await SelectAsync(_familyId);
            (_ok, _message) = (true, message);
        }
        catch (Exception exception) when (exception is DomainException or EngineException or DbUpdateException)
        {
            (_ok, _message) = (false, exception is DbUpdateException ? "Somebody saved this ladder at the same time; reload and try again." : exception.Message);
        }
    }

    /// <summary>The replay runs what is on screen, saved or not; a draft that would not save does not replay either.</summary>
    private (IReadOnlyList<Escalation.Domain.Ladders.Layer>? Layers, string? Error) DraftForReplay() =>
        _draft!.TryBuild(out var layers, out var error) ? (layers, null) : (null, error);

    private string Name(string userId) => _names.GetValueOrDefault(userId, userId);

    private string When(DateTimeOffset at) => TimeText.When(at, _zone);
}
