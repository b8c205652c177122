using System.Security.Cryptography;
using Escalation.Domain.Ladders;
using Escalation.Infrastructure.Audit;
using Escalation.Infrastructure.Compliance;
using Escalation.Infrastructure.Compliance.Exports;
using Escalation.Infrastructure.Notices;
using Escalation.Infrastructure.Roster;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Abstractions;

namespace Escalation.Tests.Compliance;

[Trait("Category", "Unit")]
public sealed class WeekBoundaryTests
{
    [Theory]
    [InlineData("2026-11-09T11:59:00Z", "2026-11-02T12:00:00Z")]   // 06:59 EST on Monday: last week's boundary still
    [InlineData("2026-11-09T12:00:00Z", "2026-11-09T12:00:00Z")]   // 07:00 EST
    [InlineData("2026-11-08T03:00:00Z", "2026-11-02T12:00:00Z")]   // Saturday night
    [InlineData("2026-11-02T11:30:00Z", "2026-10-26T11:00:00Z")]   // before 07:00 EST; the week before started at 07:00 EDT
    public void TheWeeklyReportIsDue_AfterMonday0700_InTheOrganisationsZone(string now, string expected)
    {
        var zone = Zones.NewYork;

        Assert.Equal(DateTimeOffset.Parse(expected), ComplianceSchedule.WeekBoundary(DateTimeOffset.Parse(now), zone).ToUniversalTime());
    }
}

/// <summary>The compliance job's chores on the test clock: weekly report, scheduled drills, retention with signed checkpoints.</summary>
public abstract class ComplianceScheduleTests(DatabaseProvider provider) : EngineTest(provider)
{
    private readonly AuditCheckpointSigner _signer = new(RandomNumberGenerator.GetBytes(32));
    private ComplianceSchedule _schedule = default!;
    private AuditRetention _retention = default!;
    private Drills _drills = default!;

    protected override async Task StartedAsync()
    {
        var exports = new ComplianceExports(Harness.Contexts, new RosterViews(Harness.Contexts, Harness.Clock), _signer, Harness.Clock);
        _drills = new Drills(Harness.Contexts, Harness.Engine, Harness.Clock);
        _retention = new AuditRetention(Harness.Contexts, new RetentionOptions(), _signer, Harness.Clock, NullLogger<AuditRetention>.Instance);
        _schedule = new ComplianceSchedule(Harness.Contexts, exports, _drills, new NoticeBoard(Harness.Contexts, Harness.Clock), _retention, Harness.Clock,
            NullLogger<ComplianceSchedule>.Instance);
        await using var db = Harness.NewContext();
        db.Organisation.Add(new OrganisationProfile("Test clinic", "America/New_York"));
        var role = new IdentityRole(PersonaRole.Compliance) { NormalizedName = PersonaRole.Compliance.ToUpperInvariant() };
        db.Roles.Add(role);
        db.Users.Add(new Escalation.Infrastructure.Identity.ApplicationUser { Id = "auditor", UserName = "auditor", Email = "auditor@test.local", DisplayName = "Audrey Auditor" });
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = "auditor", RoleId = role.Id });
        await db.SaveChangesAsync();
    }

    private async Task ChainAsync()
    {
        while (await Harness.Chainer.ChainPendingAsync() > 0)
        {
        }
    }

    [Fact]
    public async Task WeeklyReport_IsStoredOncePerWeek_AfterMonday0700Local_AndComplianceIsTold()
    {
        // Monday 2 Nov 14:00 UTC: a Critical that goes past layer 2.
        var b = await Harness.SendAsync(Tier.Critical);
        await Harness.ReachDeadlineAsync(b);
        await Harness.ReachDeadlineAsync(b);
        await Harness.Engine.AcknowledgeAsync(b, Callers.Clinician("doctor"));

        Harness.Clock.Advance(new DateTimeOffset(2026, 11, 9, 11, 59, 0, TimeSpan.Zero) - Harness.Clock.GetUtcNow());
        var early = await _schedule.WeeklyReportAsync();
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 11, 0, 0, TimeSpan.Zero), early!.PeriodFrom);   // the week before: nothing of ours in it
        Assert.Null(await _schedule.WeeklyReportAsync());

        Harness.Clock.Advance(TimeSpan.FromMinutes(1));                                            // 07:00 EST
        var report = await _schedule.WeeklyReportAsync();
        Assert.NotNull(report);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero), report.PeriodFrom);
        Assert.Equal(new DateTimeOffset(2026, 11, 9, 12, 0, 0, TimeSpan.Zero), report.PeriodTo);
        Assert.Null(await _schedule.WeeklyReportAsync());                                          // once per week

        var path = Path.Combine(Directory.CreateTempSubdirectory("weekly-").FullName, report.FileName);
        await File.WriteAllBytesAsync(path, report.Content);
        var sheets = await LibreOffice.SheetsAsync(path);
        Assert.Equal(b.Value.ToString(), Assert.Single(sheets["Escalated past layer 2"].Skip(1))[0]);
        var notices = (await new NoticeBoard(Harness.Contexts, Harness.Clock).ForAsync("auditor")).Where(n => n.Kind == "weekly-report").ToList();
        Assert.Equal([$"/api/compliance/reports/{report.Id}", $"/api/compliance/reports/{early.Id}"], notices.Select(n => n.Link));
        Assert.DoesNotContain(await new NoticeBoard(Harness.Contexts, Harness.Clock).ForAsync("nurse"), n => n.Kind == "weekly-report");
    }

    [Fact]
    public async Task ScheduledDrill_RunsWhenDue_Once_AndAfterDowntimeDoesNotRunABacklog()
    {
        Guid ladder;
        await using (var db = Harness.NewContext())
        {
            ladder = db.Ladders.Where(l => l.IsCurrent && l.Name == Ladder.Defaults.DrillName).Select(l => l.FamilyId).Single();
        }

        var first = Harness.Clock.GetUtcNow().AddDays(1);
        await Assert.ThrowsAsync<ArgumentException>(() => _drills.ScheduleAsync(Harness.Unit.Id.Value, ladder, 3, Harness.Clock.GetUtcNow().AddMinutes(-1), true, "admin"));
        await _drills.ScheduleAsync(Harness.Unit.Id.Value, ladder, DrillSchedule.DefaultEveryMonths, first, true, "admin");

        Assert.Equal(0, await _schedule.ScheduledDrillsAsync());
        Harness.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await _schedule.ScheduledDrillsAsync());
        Assert.Equal(0, await _schedule.ScheduledDrillsAsync());
        Assert.Equal(first.AddMonths(3), Assert.Single(await _drills.SchedulesAsync()).NextRunAt);

        Harness.Clock.Advance(TimeSpan.FromDays(200));                                            // two runs missed while down
        Assert.Equal(1, await _schedule.ScheduledDrillsAsync());
        Assert.Equal(first.AddMonths(9), Assert.Single(await _drills.SchedulesAsync()).NextRunAt);
        await using var check = Harness.NewContext();
        Assert.Equal(2, await check.Messages.CountAsync(m => m.Source == MessageSource.Drill));
        Assert.Equal(2, await check.AuditEntries.CountAsync(e => e.Kind == "Created" && e.Actor == ComplianceSchedule.Actor));
    }

    [Fact]
    public async Task RetentionPurge_RemovesOnlyEntriesPastTheRetention_AndTheRestStillVerifies_FromASignedCheckpoint()
    {
        var old = await Harness.SendAsync(Tier.Critical);
        await Harness.Engine.AcknowledgeAsync(old, Callers.Clinician("nurse"));
        await ChainAsync();
        long oldCount, total;
        await using (var db = Harness.NewContext())
        {
            oldCount = await db.AuditEntries.CountAsync();        // the set-up's entries and the first message's
        }

        Harness.Clock.Advance(TimeSpan.FromDays(3 * 365));
        var recent = await Harness.SendAsync(Tier.Urgent);
        await ChainAsync();
        await using (var db = Harness.NewContext())
        {
            total = await db.AuditEntries.CountAsync();
        }

        Harness.Clock.Advance(TimeSpan.FromDays(3 * 365 + 5));                                      // six years after the first message
        var purge = await _retention.PurgeAsync();
        Assert.Null(purge.Refused);
        Assert.Equal(oldCount, purge.Purged);
        Assert.Equal(0, (await _retention.PurgeAsync()).Purged);                                    // nothing more is old enough
        await ChainAsync();

        await using (var db = Harness.NewContext())
        {
            Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.MessageId == old.Value));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.MessageId == recent.Value));
            var verdict = AuditWriter.Verify(db, signer: _signer);
            Assert.True(verdict.IsIntact, verdict.Problem);
            Assert.Equal(total - oldCount + 1, verdict.EntriesChecked);                            // + the purge's own entry
            Assert.Contains("AuditPurged", await db.AuditEntries.Select(e => e.Kind).ToListAsync());

            // Without this site's key the checkpoint cannot be trusted; a forged one is named.
            Assert.False(AuditWriter.Verify(db, signer: new AuditCheckpointSigner(RandomNumberGenerator.GetBytes(32))).IsIntact);
            Assert.Contains("not signed with this site's key", AuditWriter.Verify(db).Problem);

            // Removing the checkpoint to hide the purge: the chain no longer starts where it should.
            await db.AuditCheckpoints.ExecuteDeleteAsync();
            var hidden = AuditWriter.Verify(db, signer: _signer);
            Assert.False(hidden.IsIntact);
            Assert.Contains("does not start at entry 1", hidden.Problem);
        }
    }

    [Fact]
    public async Task RetentionPurge_RefusesToRemoveEntriesThatDoNotVerify()
    {
        var old = await Harness.SendAsync(Tier.Critical);
        await ChainAsync();
        await using (var db = Harness.NewContext())
        {
            var id = await db.AuditEntries.Where(e => e.MessageId == old.Value).Select(e => e.Id).FirstAsync();
            await db.Database.ExecuteSqlInterpolatedAsync($"""UPDATE "AuditEntries" SET "Detail" = 'rewritten' WHERE "Id" = {id}""");
        }

        Harness.Clock.Advance(TimeSpan.FromDays(7 * 365));
        var purge = await _retention.PurgeAsync();

        Assert.Equal(0, purge.Purged);
        Assert.Contains("was altered", purge.Refused);
        await using var check = Harness.NewContext();
        Assert.True(await check.AuditEntries.AnyAsync(e => e.MessageId == old.Value));
        Assert.False(await check.AuditCheckpoints.AnyAsync());
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteComplianceScheduleTests() : ComplianceScheduleTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresComplianceScheduleTests() : ComplianceScheduleTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerComplianceScheduleTests() : ComplianceScheduleTests(DatabaseProvider.SqlServer);
