using Escalation.Infrastructure.Compliance.Exports;
using Escalation.Infrastructure.Hosting;
using Escalation.Infrastructure.Notices;
using Quartz;

namespace Escalation.Infrastructure.Compliance;

/// <summary>
/// The compliance chores, each idempotent so the job can run every few minutes on any node: the weekly exception
/// report (after Monday 07:00 in the organisation's zone, once per week), scheduled drills when due, and the
/// retention purge.
/// </summary>
public sealed class ComplianceSchedule(
    IDbContextFactory<EscalationDbContext> contexts, ComplianceExports exports, Drills drills, NoticeBoard notices, AuditRetention retention, TimeProvider clock,
    ILogger<ComplianceSchedule> logger)
{
    public const string Actor = "system:compliance";

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await WeeklyReportAsync(cancellationToken);
        await ScheduledDrillsAsync(cancellationToken);
        var purge = await retention.PurgeAsync(cancellationToken);
        if (purge.Refused is { } refused)
        {
            // Evidence of tampering (or a checkpoint that is not ours) is kept; people must look at it.
            await notices.SendToAdministratorsAsync("retention-refused", "The audit retention purge was refused", refused, "/compliance",
                $"retention-refused:{clock.GetUtcNow():yyyyMMdd}", cancellationToken);
        }
    }

    /// <summary>The latest Monday 07:00 in <paramref name="zone"/> at or before <paramref name="now"/>; the weekly report covers the week before it.</summary>
    public static DateTimeOffset WeekBoundary(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var monday = local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7)).AddHours(7);
        if (monday > local)
        {
            monday = monday.AddDays(-7);
        }

        return new DateTimeOffset(monday, zone.GetUtcOffset(monday));
    }

    public async Task<StoredReport?> WeeklyReportAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var zone = await db.OrganisationZoneAsync(cancellationToken);
        var to = WeekBoundary(now, zone);
        var fromLocal = TimeZoneInfo.ConvertTime(to, zone).DateTime.AddDays(-7);
        var from = new DateTimeOffset(fromLocal, zone.GetUtcOffset(fromLocal));
        if (await db.StoredReports.AnyAsync(r => r.Kind == StoredReport.WeeklyExceptions && r.PeriodFrom == from.ToUniversalTime(), cancellationToken))
        {
            return null;
        }

        using var content = new MemoryStream();
        var result = await exports.WriteAsync(ExportKind.Exceptions, new ExportFilter(from.ToUniversalTime(), to.ToUniversalTime()), Actor, content, cancellationToken: cancellationToken);
        var title = $"Weekly exception report, {fromLocal:d MMM} to {fromLocal.AddDays(7):d MMM yyyy}";
        var report = new StoredReport(StoredReport.WeeklyExceptions, title, $"weekly-exceptions-{fromLocal:yyyy-MM-dd}.xlsx", from.ToUniversalTime(), to.ToUniversalTime(),
            content.ToArray(), result.Rows, result.Chain.IsIntact, Actor, now);
        db.StoredReports.Add(report);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node stored this week's report a moment ago; the unique (kind, period) index kept it single.
            return null;
        }

        await notices.SendToRoleAsync(PersonaRole.Compliance, "weekly-report", title,
            $"The exception report for the week is ready: {result.Rows} rows; audit chain {(result.Chain.IsIntact ? "intact" : "BROKEN")}.",
            $"/api/compliance/reports/{report.Id}", $"weekly-report:{fromLocal:yyyy-MM-dd}", cancellationToken);
        return report;
    }

    public async Task<int> ScheduledDrillsAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var due = await db.DrillSchedules.Where(s => s.IsEnabled && s.NextRunAt <= now).ToListAsync(cancellationToken);
        var ran = 0;
        foreach (var schedule in due)
        {
            // Take the run first: a drill may be missed (and is logged) but never run twice by two nodes.
            schedule.Take(now);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.Entry(schedule).State = EntityState.Detached;
                continue;
            }

            try
            {
                schedule.Ran(await drills.RunNowAsync(schedule.UnitId, schedule.LadderFamilyId, Actor, cancellationToken));
                await db.SaveChangesAsync(cancellationToken);
                ran++;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Scheduled drill {Schedule} could not run", schedule.Id);
                await notices.SendToAdministratorsAsync("drill-failed", "A scheduled drill could not run", exception.Message, "/compliance/drills",
                    $"drill-failed:{schedule.Id}:{now:yyyyMMddHHmm}", cancellationToken);
            }
        }

        return ran;
    }
}

[DisallowConcurrentExecution]
internal sealed class ComplianceJob(ComplianceSchedule schedule, ILogger<ComplianceJob> logger) : ChoreJob(logger)
{
    public static readonly JobKey Key = new("compliance", "compliance");

    protected override string Chore => "Compliance chores";

    protected override Task RunAsync(CancellationToken cancellationToken) => schedule.RunAsync(cancellationToken);
}
