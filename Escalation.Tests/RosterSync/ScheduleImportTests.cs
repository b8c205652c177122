using Escalation.Domain.Roster;
using Escalation.Infrastructure.Roster;
using Escalation.Infrastructure.RosterSync;
using Escalation.Infrastructure.RosterSync.Parsing;

namespace Escalation.Tests.RosterSync;

/// <summary>
/// Imports as an administrator sees them: atomic, idempotent, audited, every rejected row reported; pulls from a
/// drop folder and a real HTTP server on 127.0.0.1; sync lag and staleness; gaps and the daily digest; the export.
/// Times in files are America/Chicago (CST, UTC-6, in late November).
/// </summary>
public abstract class ScheduleImportTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Week = """
        # exported: 2026-11-20T11:50:00Z
        role,person,start,end
        Attending,Dr. Jane Smith,2026-11-23 07:00,2026-11-23 19:00
        Attending,"Lee, Marcus",2026-11-23 19:00,2026-11-24 07:00
        Charge Nurse,ana.garcia@riverside.example,2026-11-23 07:00,2026-11-23 19:00
        Charge Nurse,Liam O'Brien,2026-11-23 19:00,2026-11-24 07:00
        """;

    private RosterSyncHarness _harness = default!;
    private Guid _source;

    public async Task InitializeAsync()
    {
        _harness = await RosterSyncHarness.CreateAsync(provider);
        _source = await _harness.AddSourceAsync("QGenda ED", ScheduleFormat.CsvShifts);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Import_AppliesEveryShift_InUtc_AndRecordsTheSourcesExportTime()
    {
        var report = await _harness.ImportAsync(_source, Week);

        Assert.Equal(ImportOutcome.Applied, report.Outcome);
        Assert.Equal((4, 4, 0), (report.Rows, report.Added, report.Removed));
        Assert.Equal(
            [
                ("u-smith", ClinicalRoleKind.Attending, T("2026-11-23T13:00Z"), (DateTimeOffset?)T("2026-11-24T01:00Z")),
                ("u-garcia", ClinicalRoleKind.ChargeNurse, T("2026-11-23T13:00Z"), T("2026-11-24T01:00Z")),
                ("u-lee", ClinicalRoleKind.Attending, T("2026-11-24T01:00Z"), T("2026-11-24T13:00Z")),
                ("u-obrien", ClinicalRoleKind.ChargeNurse, T("2026-11-24T01:00Z"), T("2026-11-24T13:00Z")),
            ],
            (await _harness.ShiftsAsync()).OrderBy(s => s.StartsAt).ThenBy(s => s.UserId != "u-smith" && s.UserId != "u-lee"));
        var source = (await _harness.Views.SourcesAsync()).Single();
        Assert.Equal(T("2026-11-20T11:50Z"), source.LastSourceChangedAt);
        Assert.Equal(RosterSyncHarness.Start, source.LastSyncedAt);
        Assert.Equal(TimeSpan.FromMinutes(10), source.LastLag);
    }

    [Fact]
    public async Task Reimport_OfTheSameFile_ChangesNothing_ButIsStillAudited()
    {
        await _harness.ImportAsync(_source, Week);
        var before = await ShiftIdsAsync();

        var again = await _harness.ImportAsync(_source, Week);

        Assert.Equal(ImportOutcome.Unchanged, again.Outcome);
        Assert.Equal((0, 0), (again.Added, again.Removed));
        Assert.Equal(before, await ShiftIdsAsync());
        await using var db = _harness.NewContext();
        Assert.Equal(["RosterImportApplied", "RosterImportUnchanged"],
            await db.AuditEntries.Where(e => e.Kind.StartsWith("RosterImport")).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
        Assert.All(await db.AuditEntries.Where(e => e.Kind.StartsWith("RosterImport")).ToListAsync(), e => Assert.Equal("u-admin", e.Actor));
    }

    [Fact]
    public async Task Import_OfAChangedFile_SwapsOnlyWhatChanged_AndLeavesManualShiftsAlone()
    {
        await _harness.ImportAsync(_source, Week);
        await using (var db = _harness.NewContext())
        {
            db.RoleAssignments.Add(new RoleAssignment(new ClinicalRoleId(_harness.RoleId(ClinicalRoleKind.DepartmentHead)), "u-chen", T("2026-11-23T00:00Z"), null, "u-admin"));
            await db.SaveChangesAsync();
        }

        var report = await _harness.ImportAsync(_source, Week.Replace("Liam O'Brien", "Wei Chen"));

        Assert.Equal((ImportOutcome.Applied, 1, 1), (report.Outcome, report.Added, report.Removed));
        var shifts = await _harness.ShiftsAsync();
        Assert.Contains(shifts, s => s is { UserId: "u-chen", Kind: ClinicalRoleKind.ChargeNurse });
        Assert.DoesNotContain(shifts, s => s.UserId == "u-obrien");
        Assert.Contains(shifts, s => s is { UserId: "u-chen", Kind: ClinicalRoleKind.DepartmentHead });
        await using var audit = _harness.NewContext();
        var detail = await audit.AuditEntries.Where(e => e.Kind == "RosterImportApplied").OrderBy(e => e.Id).Select(e => e.Detail).LastAsync();
        Assert.Contains("+1 -1 shifts", detail);
        Assert.Contains("ED Charge nurse Wei Chen", detail);
    }

    [Fact]
    public async Task Import_WithBadRows_RejectsTheWholeFile_AndReportsEveryLineWithItsReason()
    {
        const string file = """
            role,person,start,end
            Attending,Dr. Jane Smith,2026-11-23 07:00,2026-11-23 19:00
            Attending,Dr. Nobody Known,2026-11-23 19:00,2026-11-24 07:00
            Night Porter,Ana Garcia,2026-11-23 07:00,2026-11-23 19:00
            Charge Nurse,Ana Garcia,23.11.26 7h,2026-11-23 19:00
            Attending,Dr. Marcus Lee,2026-11-23 15:00,2026-11-23 23:00
            """;

        var report = await _harness.ImportAsync(_source, file);

        Assert.Equal(ImportOutcome.Rejected, report.Outcome);
        Assert.Equal([3, 4, 5, 6], report.Errors.Select(e => e.Line).Order());
        Assert.Contains("unknown person \"Dr. Nobody Known\"", Error(report, 3));
        Assert.Contains("unknown role \"Night Porter\"", Error(report, 4));
        Assert.Contains("23.11.26 7h", Error(report, 5));
        Assert.Contains("overlaps line 2", Error(report, 6));
        Assert.Empty(await _harness.ShiftsAsync());
        await using var db = _harness.NewContext();
        var import = await db.ScheduleImports.SingleAsync();
        Assert.Equal((ImportOutcome.Rejected, 4), (import.Outcome, import.RejectedRows));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Kind == "RosterImportRejected"));
        Assert.Null((await _harness.Views.SourcesAsync()).Single().LastSyncedAt);
    }

    [Fact]
    public async Task Import_OfAWeeklySeriesWithoutAnEnd_AppliesItsShiftsFromNowToTheHorizon()
    {
        var source = await _harness.AddSourceAsync("Weekend on-call", ScheduleFormat.ICalendar);
        var ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:weekend-call\r\nDTSTART;TZID=America/Chicago:20260103T070000\r\n" +
                  "DTEND;TZID=America/Chicago:20260104T070000\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:Attending - Dr. Jane Smith\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

        var report = await _harness.ImportAsync(source, ics, "weekend.ics");

        // Imported at 11/20 12:00 UTC: Saturdays from 11/14 (over, skipped) to 02/13, the last to start within 92 days.
        Assert.Equal(ImportOutcome.Applied, report.Outcome);
        Assert.Equal((14, 13, 1), (report.Rows, report.Added, report.SkippedPast));
        var shifts = await _harness.ShiftsAsync();
        Assert.All(shifts, s => Assert.Equal(("u-smith", ClinicalRoleKind.Attending), (s.UserId, s.Kind)));
        Assert.Equal((T("2026-11-21T13:00Z"), (DateTimeOffset?)T("2026-11-22T13:00Z")), (shifts[0].StartsAt, shifts[0].EndsAt));
        Assert.Equal((T("2027-02-13T13:00Z"), (DateTimeOffset?)T("2027-02-14T13:00Z")), (shifts[^1].StartsAt, shifts[^1].EndsAt));
    }

    [Fact]
    public async Task Import_OfAFileInTheWrongFormat_SaysWhatWasExpected()
    {
        const string ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Attending - Dr. Jane Smith\r\nDTSTART:20261123T130000Z\r\nDTEND:20261124T010000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

        var report = await _harness.ImportAsync(_source, ics, "oncall.ics");

        Assert.Equal(ImportOutcome.Rejected, report.Outcome);
        Assert.Contains(report.Errors, e => e.Line is 0 or 1 && e.Reason.Contains("CSV", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(await _harness.ShiftsAsync());
    }

    [Fact]
    public async Task Import_OfABinaryFile_IsRefusedAsNotText()
    {
        var zip = new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0xFF, 0xFE, 0x00, 0x00 };

        var report = await _harness.Importer.ImportAsync(_source, zip, "roster.xlsx", null, "u-admin");

        Assert.Equal(ImportOutcome.Rejected, report.Outcome);
        Assert.Contains("not text", Assert.Single(report.Errors).Reason);
    }

    [Fact]
    public async Task Import_NeverRewritesThePast_ShiftsOverAreSkipped_AndOnesUnderWayCountFromNow()
    {
        _harness.Clock.Advance(T("2026-11-24T02:00Z") - _harness.Clock.GetUtcNow());

        var report = await _harness.ImportAsync(_source, Week);

        Assert.Equal((2, 2), (report.Added, report.SkippedPast));
        Assert.All(await _harness.ShiftsAsync(), s => Assert.Equal((T("2026-11-24T02:00Z"), (DateTimeOffset?)T("2026-11-24T13:00Z")), (s.StartsAt, s.EndsAt)));
        _harness.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(ImportOutcome.Unchanged, (await _harness.ImportAsync(_source, Week)).Outcome);
    }

    [Fact]
    public async Task ChangedFile_WhileAShiftIsUnderWay_EndsItNow_KeepingWhoHeldTheRoleSoFar()
    {
        await _harness.ImportAsync(_source, Week);
        _harness.Clock.Advance(T("2026-11-23T16:00Z") - _harness.Clock.GetUtcNow()); // 10:00 in Chicago, Jane Smith on duty since 07:00

        var report = await _harness.ImportAsync(_source, Week.Replace("Attending,Dr. Jane Smith", "Attending,Wei Chen"));
        _harness.Clock.Advance(TimeSpan.FromMinutes(30));
        var again = await _harness.ImportAsync(_source, Week.Replace("Attending,Dr. Jane Smith", "Attending,Wei Chen"));

        Assert.Equal((ImportOutcome.Applied, 1, 1), (report.Outcome, report.Added, report.Removed));
        Assert.Equal(ImportOutcome.Unchanged, again.Outcome);
        var attending = (await _harness.ShiftsAsync()).Where(s => s.Kind == ClinicalRoleKind.Attending && s.StartsAt < T("2026-11-24T01:00Z")).ToList();
        Assert.Equal(
            [("u-smith", T("2026-11-23T13:00Z"), (DateTimeOffset?)T("2026-11-23T16:00Z")), ("u-chen", T("2026-11-23T16:00Z"), T("2026-11-24T01:00Z"))],
            attending.Select(s => (s.UserId, s.StartsAt, s.EndsAt)));
    }

    [Fact]
    public async Task ImportedShift_IsWhatTheRosterResolves_WithItsSourceNamed()
    {
        await _harness.ImportAsync(_source, Week);
        _harness.Clock.Advance(T("2026-11-23T20:00Z") - _harness.Clock.GetUtcNow());

        var view = await _harness.Views.UnitAsync(_harness.Unit.Id.Value);

        var attending = view!.Now.Single(r => r.Kind == ClinicalRoleKind.Attending);
        var holder = Assert.Single(attending.Holders);
        Assert.Equal(("Dr. Jane Smith", "Import: QGenda ED"), (holder.DisplayName, holder.Source));
        Assert.Equal(T("2026-11-24T01:00Z"), attending.NextChangeAt);
        Assert.Equal(["Dr. Marcus Lee"], attending.NextHolders.Select(h => h.DisplayName));
    }

    [Fact]
    public async Task SyncLag_OnAKnownHistory_CountsOnlyAppliedChangesOfTheLast30Days()
    {
        var now = _harness.Clock.GetUtcNow();
        await using (var db = _harness.NewContext())
        {
            foreach (var (daysAgo, lagMinutes, outcome) in new[]
            {
                (40, 120, ImportOutcome.Applied), // older than 30 days: not counted
                (20, 5, ImportOutcome.Applied),
                (10, 45, ImportOutcome.Applied),
                (9, 300, ImportOutcome.Rejected), // nothing applied: no change to measure
                (5, 29, ImportOutcome.Applied),
                (1, 31, ImportOutcome.Applied),
            })
            {
                var at = now.AddDays(-daysAgo);
                db.ScheduleImports.Add(new ScheduleImport(_source, at, "system", "f.csv", new string('a', 64), at.AddMinutes(-lagMinutes)) { Outcome = outcome });
            }

            await db.SaveChangesAsync();
        }

        var source = (await _harness.Views.SourcesAsync()).Single();

        Assert.Equal(4, source.ChangesLast30Days);
        Assert.Equal(0.5, source.ShareWithin30Minutes);
        Assert.Equal(TimeSpan.FromMinutes(31), source.LastLag);
    }

    [Fact]
    public void StaleShare_CountsTheTimeBeyondTheLimitSinceTheLastConfirmation()
    {
        var from = T("2026-11-01T00:00Z");
        var to = T("2026-11-01T10:00Z");
        var confirmations = new[] { T("2026-11-01T01:00Z"), T("2026-11-01T01:15Z"), T("2026-11-01T05:00Z") };

        // Set up at 00:00: stale 00:30-01:00 (30 min), 01:45-05:00 (195 min), 05:30-10:00 (270 min) = 495 of 600 min.
        var share = SyncLag.StaleShare(confirmations, from, from, to, TimeSpan.FromMinutes(30));

        Assert.Equal(495.0 / 600, share, 6);
        Assert.Equal(0, SyncLag.StaleShare([], to, from, to, TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public async Task FolderSource_IsPulled_WithTheFilesTimeAsTheChangeTime_AndTheSameFileAgainOnlyConfirmsSync()
    {
        var folder = Directory.CreateTempSubdirectory("escalation-drop-").FullName;
        try
        {
            var path = Path.Combine(folder, "ed-week.csv");
            await File.WriteAllTextAsync(path, Week.Replace("# exported: 2026-11-20T11:50:00Z\n", string.Empty));
            File.SetLastWriteTimeUtc(path, new DateTime(2026, 11, 20, 11, 40, 0, DateTimeKind.Utc));
            var source = await _harness.AddSourceAsync("Drop folder", ScheduleFormat.CsvShifts, ScheduleTransport.Folder, Path.Combine(folder, "*.csv"));

            var first = await _harness.Sync.PullAsync(source, CancellationToken.None);
            _harness.Clock.Advance(TimeSpan.FromMinutes(15));
            var second = await _harness.Sync.PullAsync(source, CancellationToken.None);

            Assert.Equal((ImportOutcome.Applied, 4), (first!.Outcome, first.Added));
            Assert.Equal(T("2026-11-20T11:40Z"), first.SourceChangedAt);
            Assert.Equal(ImportOutcome.Unchanged, second!.Outcome);
            var view = (await _harness.Views.SourcesAsync()).Single(s => s.Id == source);
            Assert.Equal(_harness.Clock.GetUtcNow(), view.LastSyncedAt);
            Assert.Equal(TimeSpan.FromMinutes(20), view.LastLag);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task UrlSource_IsPulledOverRealHttp_WithLastModifiedAsTheChangeTime()
    {
        const string ics = """
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Test//On-call//EN
            BEGIN:VEVENT
            UID:ed-1@test
            DTSTAMP:20261120T110000Z
            SUMMARY:Attending - Dr. Jane Smith
            DTSTART;TZID=America/Chicago:20261123T070000
            DTEND;TZID=America/Chicago:20261123T190000
            END:VEVENT
            END:VCALENDAR
            """;
        using var server = new FileServer(ics.Replace("\n", "\r\n"), "text/calendar", T("2026-11-20T11:55Z"));
        var source = await _harness.AddSourceAsync("Amion feed", ScheduleFormat.ICalendar, ScheduleTransport.Url, server.Url);

        var report = await _harness.Sync.PullAsync(source, CancellationToken.None);

        Assert.Equal((ImportOutcome.Applied, 1), (report!.Outcome, report.Added));
        Assert.Equal(("u-smith", T("2026-11-23T13:00Z")), (await _harness.ShiftsAsync()).Select(s => (s.UserId, s.StartsAt)).Single());
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task StaleSource_NotifiesAdministratorsOncePerEpisode()
    {
        using var server = new FileServer(Week, "text/csv", null);
        var source = await _harness.AddSourceAsync("Feed", ScheduleFormat.CsvShifts, ScheduleTransport.Url, server.Url);
        await _harness.Sync.PullAsync(source, CancellationToken.None);
        server.Fail = true;

        _harness.Clock.Advance(TimeSpan.FromMinutes(29));
        await _harness.Sync.RunAsync(CancellationToken.None);
        Assert.Empty(await _harness.Notices.ForAsync("u-admin"));

        _harness.Clock.Advance(TimeSpan.FromMinutes(2));
        await _harness.Sync.RunAsync(CancellationToken.None);
        await _harness.Sync.RunAsync(CancellationToken.None);
        var stale = (await _harness.Notices.ForAsync("u-admin")).Where(n => n.Kind == "roster-stale").ToList();
        Assert.Single(stale);
        Assert.Contains("Feed", stale[0].Title);
        Assert.DoesNotContain("UTC", stale[0].Body);
        Assert.True((await _harness.Views.SourcesAsync()).Single(s => s.Id == source).IsStale);

        server.Fail = false;
        server.Content = Week + "\nAttending,Wei Chen,2026-11-25 07:00,2026-11-25 19:00";
        _harness.Clock.Advance(TimeSpan.FromMinutes(15));
        await _harness.Sync.RunAsync(CancellationToken.None);
        Assert.False((await _harness.Views.SourcesAsync()).Single(s => s.Id == source).IsStale);

        _harness.Clock.Advance(TimeSpan.FromMinutes(1));
        server.Fail = true;
        _harness.Clock.Advance(TimeSpan.FromMinutes(45));
        await _harness.Sync.RunAsync(CancellationToken.None);
        Assert.Equal(2, (await _harness.Notices.ForAsync("u-admin")).Count(n => n.Kind == "roster-stale"));
    }

    [Fact]
    public async Task Gaps_NameEveryLayerNobodyWouldReceive_AndCallersWithoutAVerifiedPhone()
    {
        // Roles the default Critical ladder climbs: PrimaryNurse, ChargeNurse, Attending/OnCall, DepartmentHead (voice).
        await _harness.ImportAsync(_source, Week);
        await using (var db = _harness.NewContext())
        {
            foreach (var kind in new[] { ClinicalRoleKind.PrimaryNurse, ClinicalRoleKind.DepartmentHead })
            {
                db.RoleAssignments.Add(new RoleAssignment(new ClinicalRoleId(_harness.RoleId(kind)), kind == ClinicalRoleKind.PrimaryNurse ? "u-obrien" : "u-chen",
                    DateTimeOffset.UnixEpoch, null, "u-admin"));
            }

            await db.SaveChangesAsync();
        }

        var gaps = await _harness.Views.GapsAsync();

        // Now (Fri 12:00Z) to Mon 12:00Z: charge nurse and attending covered only Mon 13:00Z-Tue 13:00Z, which is past the horizon.
        Assert.Equal(
            [("Critical", 2, RosterSyncHarness.Start, RosterSyncHarness.Start.AddHours(72)), ("Critical", 3, RosterSyncHarness.Start, RosterSyncHarness.Start.AddHours(72)),
             ("Urgent", 2, RosterSyncHarness.Start, RosterSyncHarness.Start.AddHours(72)), ("Urgent", 3, RosterSyncHarness.Start, RosterSyncHarness.Start.AddHours(72))],
            gaps.Uncovered.Select(g => (g.Ladder, g.Layer, g.StartsAt, g.EndsAt)).OrderBy(g => g.Ladder).ThenBy(g => g.Layer));
        var phone = Assert.Single(gaps.NoVerifiedPhone);
        Assert.Equal(("Wei Chen", 4), (phone.DisplayName, phone.Layer));
    }

    [Fact]
    public async Task Digest_GoesToAdministrators_OnceADay_AfterSevenLocal()
    {
        // 12:00Z is 06:00 in Chicago.
        Assert.False(await _harness.Sync.SendDigestAsync(CancellationToken.None));
        _harness.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.True(await _harness.Sync.SendDigestAsync(CancellationToken.None));
        Assert.False(await _harness.Sync.SendDigestAsync(CancellationToken.None));

        var digest = Assert.Single(await _harness.Notices.ForAsync("u-admin"));
        Assert.Equal("roster-digest", digest.Kind);
        Assert.Contains("ED Critical layer 1 (Primary nurse): nobody", digest.Body);
        // In the organisation's time, as the pages say it: 13:01Z is 07:01 in Chicago.
        Assert.Contains("nobody Fri 20 Nov 07:01 to ", digest.Body);
        Assert.DoesNotContain("UTC", digest.Body);
        Assert.Empty(await _harness.Notices.ForAsync("u-smith"));
    }

    [Fact]
    public async Task Export_ListsEachAssignment_WithItsSourceAndWhetherItWasAppliedWithin30Minutes()
    {
        await _harness.ImportAsync(_source, Week);
        _harness.Clock.Advance(T("2026-11-24T14:00Z") - _harness.Clock.GetUtcNow());

        var csv = await _harness.Views.ExportCsvAsync(30);

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Unit,Role,Person,Email,Starts (UTC)", lines[0]);
        Assert.Contains("ED,Attending physician,Dr. Jane Smith,jane.smith@riverside.example,2026-11-23 13:00:00,2026-11-24 01:00:00,no,Import,Import: QGenda ED,2026-11-20 11:50:00,2026-11-20 12:00:00,yes", lines);
        Assert.Equal(5, lines.Length);
    }

    private static string Error(ImportReport report, int line) => string.Join(" | ", report.Errors.Where(e => e.Line == line).Select(e => e.Reason));

    private async Task<List<Guid>> ShiftIdsAsync()
    {
        await using var db = _harness.NewContext();
        return await db.RoleAssignments.OrderBy(a => a.Id).Select(a => a.Id).ToListAsync();
    }

    private static DateTimeOffset T(string iso) => DateTimeOffset.Parse(iso.Replace("Z", ":00Z"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A real HTTP server on 127.0.0.1 serving one file, as a scheduling system's published feed does.</summary>
    private sealed class FileServer : IDisposable
    {
        private readonly LoopbackServer _server;
        private readonly DateTimeOffset? _lastModified;
        private readonly string _contentType;

        public FileServer(string content, string contentType, DateTimeOffset? lastModified)
        {
            Content = content;
            _contentType = contentType;
            _lastModified = lastModified;
            _server = new LoopbackServer(ServeAsync);
            Url = $"{_server.BaseUrl}/export/schedule";
        }

        public string Url { get; }

        public string Content { get; set; }

        public bool Fail { get; set; }

        public int Requests { get; private set; }

        public void Dispose() => _server.Dispose();

        private async Task ServeAsync(HttpListenerContext context)
        {
            Requests++;
            if (Fail)
            {
                context.Response.StatusCode = 503;
                context.Response.Close();
                return;
            }

            var body = Encoding.UTF8.GetBytes(Content);
            context.Response.ContentType = _contentType;
            if (_lastModified is { } modified)
            {
                context.Response.Headers["Last-Modified"] = modified.ToString("R");
            }

            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteScheduleImportTests() : ScheduleImportTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresScheduleImportTests() : ScheduleImportTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerScheduleImportTests() : ScheduleImportTests(DatabaseProvider.SqlServer);
