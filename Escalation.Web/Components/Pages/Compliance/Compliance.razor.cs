using Escalation.Domain.Audit;
using Escalation.Infrastructure.Compliance;
using Escalation.Infrastructure.Compliance.Exports;
using Escalation.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Escalation.Web.Components.Pages.Compliance;

/// <summary>The compliance officer's page: Excel exports, the weekly reports, Layer-4 near-miss reviews and the audit chain's verdict.</summary>
public sealed partial class Compliance
{
    [Inject] private ComplianceRecords Records { get; set; } = default!;

    [Inject] private NearMissReviewAdministration Reviews { get; set; } = default!;

    [Inject] private ExportDownloads Downloads { get; set; } = default!;

    [Inject] private OrganisationDirectory Directory { get; set; } = default!;

    [Inject] private OrganisationTime Time { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    private readonly record struct Download(string Title, string FileName, string Href, long Rows);

    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private IReadOnlyList<NearMissReviewView> _reviews = [];
    private readonly Dictionary<Guid, string> _findings = [];
    private string? _reviewError;
    private AuditVerification? _verdict;
    private bool _busy;
    private string _verifiedAt = string.Empty;

    private IReadOnlyList<UnitDto> _units = [];
    private DateTime? _from;
    private DateTime? _to;
    private Guid? _unitId;
    private Tier? _tier;
    private bool _exporting;
    private string _exportTitle = string.Empty;
    private long _exportRows;
    private string? _exportError;
    private Download? _download;
    private IReadOnlyList<StoredReportView> _reports = [];

    protected override async Task OnInitializedAsync()
    {
        _zone = await Time.ZoneAsync();
        var today = Time.Now.UtcDateTime.Date;
        _from = today.AddDays(-30);
        _to = today;
        _units = await Directory.GetUnitsAsync();
        _reports = await Records.StoredReportsAsync(20);
        await LoadReviewsAsync();
    }

    private string UnitName(Guid? id) => id is null ? string.Empty : _units.FirstOrDefault(u => u.Id == id)?.Name ?? string.Empty;

    /// <summary>Written off the circuit's thread and kept in the database; the page shows rows as they are written, then a link any node serves.</summary>
    private async Task ExportAsync(ExportKind kind)
    {
        if (_from is null || _to is null || _to < _from)
        {
            _exportError = "Choose a period: From on or before To.";
            return;
        }

        var actor = await AuthState.ActorAsync();
        var filter = new ExportFilter(new DateTimeOffset(DateTime.SpecifyKind(_from.Value.Date, DateTimeKind.Utc)), new DateTimeOffset(DateTime.SpecifyKind(_to.Value.Date.AddDays(1), DateTimeKind.Utc)), _unitId, _tier);
        _exporting = true;
        _exportError = null;
        _download = null;
        _exportRows = 0;
        _exportTitle = ComplianceExports.Title(kind);
        var progress = new Progress<long>(rows =>
        {
            _exportRows = rows;
            _ = InvokeAsync(StateHasChanged);
        });
        try
        {
            var made = await Downloads.MakeAsync(kind, filter, actor, progress);
            _download = new Download(_exportTitle, made.FileName, $"/api/compliance/files/{made.Token}", made.Rows);
        }
        catch (Exception exception) when (exception is ArgumentException or IOException or InvalidOperationException)
        {
            _exportError = $"The export failed: {exception.Message}";
        }
        finally
        {
            _exporting = false;
        }
    }

    private async Task LoadReviewsAsync()
    {
        _reviews = await Reviews.ListAsync(openOnly: false, take: 50);
        foreach (var review in _reviews.Where(r => !_findings.ContainsKey(r.Id)))
        {
            _findings[review.Id] = string.Empty;
        }
    }

    private async Task CloseAsync(Guid id)
    {
        var actor = await AuthState.ActorAsync();
        var result = await Reviews.CloseAsync(id, _findings.GetValueOrDefault(id) ?? string.Empty, actor);
        _reviewError = result.Succeeded ? null : result.Error;
        await LoadReviewsAsync();
    }

    private async Task VerifyAsync()
    {
        _busy = true;
        try
        {
            _verdict = await Records.VerifyAuditAsync();
            _verifiedAt = TimeText.WhenPrecise(Time.Now, _zone);
        }
        finally
        {
            _busy = false;
        }
    }
}
