using Escalation.Infrastructure.RosterSync;
using Escalation.Infrastructure.RosterSync.Parsing;

namespace Escalation.Tests.RosterSync;

/// <summary>
/// A realistic scheduling-system iCalendar export (folded lines, TZIDs, attendees, a cancelled event, events that
/// are not roles) imported through a source's mappings, with the clock before the exported week.
/// </summary>
public abstract class ScheduleMappingTests(DatabaseProvider provider) : IAsyncLifetime
{
    private RosterSyncHarness _harness = default!;
    private Guid _source;
    private byte[] _file = [];

    public async Task InitializeAsync()
    {
        _harness = await RosterSyncHarness.CreateAsync(provider, DateTimeOffset.Parse("2026-10-28T12:00:00Z"));
        _source = await _harness.AddSourceAsync("Amion ED", ScheduleFormat.ICalendar);
        _file = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "RosterSync", "Samples", "oncall-amion-style.ics"));
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task WithoutMappings_TheExportIsRejected_NamingEveryRoleAndPersonWeDoNotKnow()
    {
        var report = await _harness.Importer.ImportAsync(_source, _file, "oncall.ics", null, "u-admin");

        Assert.Equal(ImportOutcome.Rejected, report.Outcome);
        var reasons = string.Join("\n", report.Errors.Select(e => e.Reason));
        Assert.Contains("unknown unit \"Emergency Department\"", reasons);
        Assert.Empty(await _harness.ShiftsAsync());
    }

    [Fact]
    public async Task WithMappings_EveryRoleWeKnowIsApplied_AndIgnoredRolesAreSkipped()
    {
        await using (var db = _harness.NewContext())
        {
            var source = await db.ScheduleSources.SingleAsync(s => s.Id == _source);
            source.Mappings = new ScheduleMappings(
                new Dictionary<string, Guid>
                {
                    ["ED On-Call"] = _harness.RoleId(ClinicalRoleKind.OnCallPhysician),
                    ["ICU Attending"] = Guid.Empty,
                    ["Transfer Center Physician"] = Guid.Empty,
                },
                new Dictionary<string, string>
                {
                    ["Dr. Chidi Okafor"] = "u-lee",
                    ["Dr. Robert Chen"] = "u-chen",
                    ["Dr. Marcus Williams"] = "u-chen",
                    ["Kate O'Brien, RN"] = "u-obrien",
                    ["Thao Nguyen, RN"] = "u-garcia",
                    ["Dr. Anita Patel"] = "u-garcia",
                },
                new Dictionary<string, string> { ["Emergency Department"] = "ED" });
            await db.SaveChangesAsync();
        }

        var report = await _harness.Importer.ImportAsync(_source, _file, "oncall.ics", null, "u-admin");

        Assert.True(report.Succeeded, string.Join("\n", report.Errors.Select(e => e.Message)));
        // 12 rows (13 events, one cancelled; the "Reminder" is an alarm inside an event, not an event): 10 shifts, 2 ignored.
        Assert.Equal((ImportOutcome.Applied, 12, 10, 2), (report.Outcome, report.Rows, report.Added, report.Ignored));
        var shifts = await _harness.ShiftsAsync();
        // Saturday 07:00 CDT to Sunday 07:00 CST: the fall-back makes the on-call day 25 hours.
        Assert.Contains(("u-chen", ClinicalRoleKind.OnCallPhysician, DateTimeOffset.Parse("2026-10-31T12:00:00Z"), (DateTimeOffset?)DateTimeOffset.Parse("2026-11-01T13:00:00Z")), shifts);
        // DURATION:PT12H from Sunday 19:00 CST.
        Assert.Contains(("u-lee", ClinicalRoleKind.Attending, DateTimeOffset.Parse("2026-11-02T01:00:00Z"), (DateTimeOffset?)DateTimeOffset.Parse("2026-11-02T13:00:00Z")), shifts);
        // The cancelled Sunday-night event for Dr. Smith is not a shift.
        Assert.DoesNotContain(shifts, s => s.UserId == "u-smith" && s.StartsAt == DateTimeOffset.Parse("2026-11-02T01:00:00Z"));

        var again = await _harness.Importer.ImportAsync(_source, _file, "oncall.ics", null, "u-admin");
        Assert.Equal((ImportOutcome.Unchanged, 0, 0), (again.Outcome, again.Added, again.Removed));
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteScheduleMappingTests() : ScheduleMappingTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresScheduleMappingTests() : ScheduleMappingTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerScheduleMappingTests() : ScheduleMappingTests(DatabaseProvider.SqlServer);
