using Escalation.Domain.Ladders;
using Escalation.Domain.Metrics;
using Escalation.Infrastructure.Compliance;

namespace Escalation.Tests.Metrics;

[Trait("Category", "Unit")]
public sealed class DrillReportTests
{
    [Fact]
    public void Report_ComparesEachStepWithItsTimeout_AndFlagsOneOver150Percent()
    {
        var t0 = DateTimeOffset.Parse("2026-11-02T14:00:00Z");
        var report = DrillReport.From(Guid.NewGuid(), Ladder.Defaults.Drill,
        [
            ("Created", t0, null), ("LayerStarted", t0, 1), ("LayerStarted", t0.AddSeconds(5), 2), ("LayerStarted", t0.AddSeconds(13), 3), ("Acknowledged", t0.AddSeconds(16), 3),
        ]);

        Assert.Equal(
            [(1, 5.0, 5.0, false), (2, 5.0, 8.0, true), (3, 5.0, 3.0, false)],
            report.Steps.Select(s => (s.Layer, s.Configured.TotalSeconds, s.Actual!.Value.TotalSeconds, s.IsLate)));
        Assert.True(report.HasLateStep);
        Assert.Equal(t0.AddSeconds(16), report.AcknowledgedAt);
    }
}

/// <summary>A drill run for real on the fast ladder with the test clock, one step fired late.</summary>
public abstract class DrillTests(DatabaseProvider provider) : EngineTest(provider)
{
    [Fact]
    public async Task DrillOnTheFastLadder_ReportsEveryStep_FlagsTheLateOne_AndStaysOutOfTheMetrics()
    {
        Guid drillLadder;
        await using (var db = Harness.NewContext())
        {
            drillLadder = db.Ladders.Where(l => l.IsCurrent && l.Name == Ladder.Defaults.DrillName).Select(l => l.FamilyId).Single();
        }

        var drills = new Drills(Harness.Contexts, Harness.Engine);
        var start = Harness.Clock.GetUtcNow();
        var id = new MessageId(await drills.RunNowAsync(Harness.Unit.Id.Value, drillLadder, "admin"));
        await Harness.ReachDeadlineAsync(id);                  // layer 1 -> 2 after 5 s
        Harness.Clock.Advance(TimeSpan.FromSeconds(8));        // layer 2's trigger fires 3 s late
        await Harness.Engine.FireDeadlineAsync(id);
        Harness.Clock.Advance(TimeSpan.FromSeconds(2));
        await Harness.Engine.AcknowledgeAsync(id, Callers.Clinician("doctor"));

        var drill = Assert.Single(await drills.HistoryAsync());
        Assert.Equal(
            [(1, 5.0, false), (2, 8.0, true), (3, 2.0, false)],
            drill.Report.Steps.Select(s => (s.Layer, s.Actual!.Value.TotalSeconds, s.IsLate)));
        var metrics = await new Escalation.Infrastructure.Metrics.MetricsQueries(Harness.Contexts).ReportAsync(start, Harness.Clock.GetUtcNow().AddMinutes(1), null, null);
        Assert.Equal(0, metrics.ByTier.Single(t => t.Tier == Tier.Critical).Sent);
        Assert.Contains("Acknowledged", await Harness.AuditKindsAsync(id));
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteDrillTests() : DrillTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresDrillTests() : DrillTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerDrillTests() : DrillTests(DatabaseProvider.SqlServer);
