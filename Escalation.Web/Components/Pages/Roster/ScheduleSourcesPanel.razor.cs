using Escalation.Infrastructure.Roster;
using Escalation.Infrastructure.RosterSync;
using Escalation.Infrastructure.RosterSync.Parsing;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;

namespace Escalation.Web.Components.Pages.Roster;

/// <summary>The schedule sources' sync health, an administrator's upload of a schedule file, and a new source.</summary>
public sealed partial class ScheduleSourcesPanel
{
    [Inject] private ScheduleImporter Importer { get; set; } = default!;

    [Inject] private ScheduleSourceAdministration SourceAdministration { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    [Parameter] public IReadOnlyList<SyncSourceView> Sources { get; set; } = [];

    [Parameter] public IReadOnlyList<UnitDto> Units { get; set; } = [];

    [Parameter] public Guid UnitId { get; set; }

    [Parameter] public bool IsAdmin { get; set; }

    [Parameter] public TimeZoneInfo Zone { get; set; } = TimeZoneInfo.Utc;

    [Parameter] public EventCallback Changed { get; set; }

    private Guid _sourceId;
    private bool _busy;
    private ImportReport? _report;
    private string? _fileName;
    private string? _newName;
    private ScheduleFormat _newFormat = ScheduleFormat.CsvShifts;
    private ScheduleTransport _newTransport = ScheduleTransport.Upload;
    private string? _newLocation;
    private string? _createError;

    protected override void OnParametersSet()
    {
        if (!Sources.Any(s => s.Id == _sourceId))
        {
            _sourceId = Sources.FirstOrDefault(s => s.UnitCode == Units.FirstOrDefault(u => u.Id == UnitId)?.Code)?.Id ?? Sources.FirstOrDefault()?.Id ?? Guid.Empty;
        }
    }

    private async Task ImportAsync(InputFileChangeEventArgs e)
    {
        _busy = true;
        _report = null;
        _fileName = e.File.Name;
        try
        {
            if (e.File.Size > ScheduleImporter.MaxBytes)
            {
                _report = new ImportReport(_sourceId, ImportOutcome.Rejected, 0, 0, 0, 0,
                    [new ScheduleError(0, $"The file is {e.File.Size / 1024 / 1024.0:0.0} MB; the largest accepted is {ScheduleImporter.MaxBytes / 1024 / 1024} MB.")], null);
                return;
            }

            using var buffer = new MemoryStream();
            await e.File.OpenReadStream(ScheduleImporter.MaxBytes).CopyToAsync(buffer);
            var actor = await AuthState.ActorAsync();
            _report = await Importer.ImportAsync(_sourceId, buffer.ToArray(), e.File.Name, e.File.LastModified, actor);
            await Changed.InvokeAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task CreateSourceAsync()
    {
        // The location field is hidden for an upload source: whatever was typed before switching is not its address.
        var location = _newTransport == ScheduleTransport.Upload ? null : _newLocation;
        var saved = await SourceAdministration.SaveAsync(null, new ScheduleSourceChange(_newName, UnitId, _newFormat, _newTransport, location), await AuthState.ActorAsync());
        _createError = saved.Outcome.Error;
        if (saved.Id is { } created)
        {
            _sourceId = created;
            _newName = _newLocation = null;
            await Changed.InvokeAsync();
        }
    }

    private string When(DateTimeOffset? at) => at is { } value ? TimeText.When(value, Zone) : "–";

    private static string Minutes(TimeSpan lag) => lag.TotalMinutes < 1 ? "under a minute" : $"{(int)lag.TotalMinutes} min";
}
