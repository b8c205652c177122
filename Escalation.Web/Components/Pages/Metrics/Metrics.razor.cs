using Escalation.Domain.Metrics;
using Escalation.Infrastructure.Access;
using Escalation.Infrastructure.Compliance;
using Escalation.Infrastructure.Metrics;
using Escalation.Infrastructure.Roster;
using Escalation.Web.Components.Shared;
using Escalation.Web.Endpoints;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Escalation.Web.Components.Pages.Metrics;

/// <summary>
/// The escalation metrics of a period: the API's figures by tier, and charts of the same report (each with its
/// table). A charge nurse is held to their own unit exactly as <c>GET /api/metrics</c> holds them.
/// </summary>
public sealed partial class Metrics
{
    private IReadOnlyList<UnitDto> _units = [];
    private IReadOnlyList<SyncSourceView> _sources = [];
    private IReadOnlyList<MetricChart> _charts = [];
    private MetricsReport? _report;
    private DateTime? _from;
    private DateTime? _to;
    private Guid? _unitId;
    private Tier? _tier;
    private bool _unitLocked;
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private int _overdueReviews;

    [Inject] private MetricsQueries MetricsReads { get; set; } = default!;

    [Inject] private RosterViews Roster { get; set; } = default!;

    [Inject] private OrganisationDirectory Directory { get; set; } = default!;

    [Inject] private MessageAccess Access { get; set; } = default!;

    [Inject] private OrganisationTime Time { get; set; } = default!;

    [Inject] private NearMissReviewAdministration Reviews { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    private IEnumerable<TierFigures> Shown => _report!.ByTier.Where(t => _tier is null || t.Tier == _tier);

    private string Scope => _unitId is { } u ? _units.FirstOrDefault(x => x.Id == u)?.Name ?? "No unit" : "All units";

    private string Period => _from is { } from && _to is { } to
        ? $"{from:ddd d MMM} to {to:ddd d MMM yyyy}"
        : string.Empty;

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthState!).User;
        _zone = await Time.ZoneAsync();
        _units = await Directory.GetUnitsAsync();
        var today = TimeZoneInfo.ConvertTime(Time.Now, _zone).Date;
        _to = today;
        _from = today.AddDays(-29);
        var caller = await MessageEndpoints.CallerAsync(user, Access, default);
        var scope = MetricsEndpoints.Scope(caller, null);
        _unitLocked = MessageAccess.UnitScope(caller) is not null;
        // A locked view without a unit of its own shows an empty unit, never every unit.
        _unitId = scope.Allowed ? scope.UnitId : Guid.Empty;

        await LoadAsync();
    }

    private Task FromChangedAsync(DateTime? from) => ReloadAfter(() => _from = from);

    private Task ToChangedAsync(DateTime? to) => ReloadAfter(() => _to = to);

    private Task UnitChangedAsync(Guid? unit) => ReloadAfter(() => _unitId = unit);

    private Task TierChangedAsync(Tier? tier) => ReloadAfter(() => _tier = tier);

    /// <summary>Every filter works the same way: take the new value, then read the figures again.</summary>
    private Task ReloadAfter(Action change)
    {
        change();
        return LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (_from is not { } fromDay || _to is not { } toDay || fromDay > toDay)
        {
            return;
        }

        var from = new DateTimeOffset(fromDay.Date, _zone.GetUtcOffset(fromDay.Date));
        var to = new DateTimeOffset(toDay.Date.AddDays(1), _zone.GetUtcOffset(toDay.Date.AddDays(1)));
        _report = await MetricsReads.ReportAsync(from, to, _unitId, _tier);
        _sources = await Roster.SourcesAsync(_unitLocked ? [_unitId ?? Guid.Empty] : null);
        _overdueReviews = await Reviews.OverdueCountAsync();
        _charts = MetricsCharts.Build(_report, _tier, _sources, _zone);
    }

    private string UnitCode(Guid id) => _units.FirstOrDefault(u => u.Id == id)?.Code ?? "?";

    private static string Duration(double? seconds) => seconds is { } s ? $"{(int)(s / 60)}:{(int)(s % 60):00}" : "–";

    private static string Percent(double? share) => share is { } s ? $"{100 * s:0.#} %" : "–";
}
