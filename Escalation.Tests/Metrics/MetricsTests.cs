using Escalation.Domain.Metrics;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Metrics;

namespace Escalation.Tests.Metrics;

[Trait("Category", "Unit")]
public sealed class EscalationMetricsTests
{
    private static readonly DateTimeOffset Monday = DateTimeOffset.Parse("2026-11-02T14:00:00Z");
    private static MessageFacts Facts(Tier tier, int? ackSeconds, int highestLayer, int offsetDays = 0, bool drill = false, CloseOutcome? outcome = null, int? closedAfterAckSeconds = null)
    {
        var sent = Monday.AddDays(offsetDays);
        DateTimeOffset? ack = ackSeconds is { } a ? sent.AddSeconds(a) : null;
        return new MessageFacts(Guid.NewGuid(), tier, Guid.Empty, drill, false, sent, ack, highestLayer, highestLayer >= 4 ? sent.AddMinutes(15) : null,
            outcome, ack is { } at && closedAfterAckSeconds is { } c ? at.AddSeconds(c) : null);
    }

    [Fact]
    public void Compute_GivesMtfaEscalationRatesLayer4AndFalsePositives_ForAKnownHistory()
    {
        var facts = new[]
        {
            Facts(Tier.Critical, 60, 1, outcome: CloseOutcome.NoActionNeeded, closedAfterAckSeconds: 30),
            Facts(Tier.Critical, 240, 2),
            Facts(Tier.Critical, 600, 3, outcome: CloseOutcome.NoActionNeeded, closedAfterAckSeconds: 300),
            Facts(Tier.Critical, null, 4),
            Facts(Tier.Urgent, 120, 1),
            Facts(Tier.Critical, 10, 1, drill: true),
        };

        var report = EscalationMetrics.Compute(facts, Monday.AddDays(-1), Monday.AddDays(1), Zones.NewYork, EscalationMetrics.DefaultFalsePositiveWindow);

        var critical = report.ByTier.Single(t => t.Tier == Tier.Critical);
        Assert.Equal(new TierFigures(Tier.Critical, 4, 3, 300, 240, 600, 0.75, 0.5, 1, 1), critical);
        Assert.Equal(new TierFigures(Tier.Urgent, 1, 1, 120, 120, 120, 0, 0, 0, 0), report.ByTier.Single(t => t.Tier == Tier.Urgent));
        Assert.Equal(new TierFigures(Tier.Routine, 0, 0, null, null, null, null, null, 0, 0), report.ByTier.Single(t => t.Tier == Tier.Routine));
        Assert.Single(report.Layer4);
    }

    [Fact]
    public void Weekly_GroupsByTheMondayOfTheOrganisationsWeek()
    {
        var facts = new[] { Facts(Tier.Critical, 60, 1), Facts(Tier.Critical, 120, 1, offsetDays: 6), Facts(Tier.Critical, 180, 2, offsetDays: 7) };

        var report = EscalationMetrics.Compute(facts, Monday.AddDays(-1), Monday.AddDays(14), Zones.NewYork, EscalationMetrics.DefaultFalsePositiveWindow);

        Assert.Equal([new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 9)], report.Weekly.Select(w => w.WeekStarting));
        Assert.Equal([90.0, 180.0], report.Weekly.Select(w => w.ByTier.Single(t => t.Tier == Tier.Critical).MtfaMeanSeconds!.Value));
    }

    [Fact]
    public void FromEvents_ReadsTheFirstAckTheHighestLayerLayer4AndTheOutcome()
    {
        var sent = Monday;
        var facts = MessageFacts.FromEvents(Guid.NewGuid(), Tier.Critical, Guid.Empty, false, false,
        [
            ("Created", sent, null, "Critical via Ehr"), ("LayerStarted", sent, 1, null), ("LayerStarted", sent.AddMinutes(3), 2, null),
            ("LayerStarted", sent.AddMinutes(8), 3, null), ("LayerStarted", sent.AddMinutes(15), 4, null), ("Acknowledged", sent.AddMinutes(16), 4, null),
            ("Acknowledged", sent.AddMinutes(17), 4, null), ("Closed", sent.AddMinutes(18), 4, "ActionTaken"),
        ]);

        Assert.Equal((TimeSpan.FromMinutes(16), 4, sent.AddMinutes(15), CloseOutcome.ActionTaken), (facts.TimeToFirstAck!.Value, facts.HighestLayer, facts.Layer4At!.Value, facts.Outcome!.Value));
    }
}

/// <summary>A history made through the real engine on a test clock, then measured from its audit trail.</summary>
public abstract class MetricsFromTheAuditTests(DatabaseProvider provider) : EngineTest(provider)
{
    [Fact]
    public async Task SeededHistory_GivesExactlyTheKnownFigures()
    {
        var start = Harness.Clock.GetUtcNow();
        var engine = Harness.Engine;

        var m1 = await Harness.SendAsync(Tier.Critical);
        Harness.Clock.Advance(TimeSpan.FromSeconds(60));
        await engine.AcknowledgeAsync(m1, Callers.Clinician("nurse"));
        Harness.Clock.Advance(TimeSpan.FromSeconds(30));
        await engine.CloseAsync(m1, Callers.Clinician("nurse"), CloseOutcome.NoActionNeeded, "false alarm");

        var m2 = await Harness.SendAsync(Tier.Critical);
        await Harness.ReachDeadlineAsync(m2);
        Harness.Clock.Advance(TimeSpan.FromSeconds(60));
        await engine.AcknowledgeAsync(m2, Callers.Clinician("charge"));

        var m3 = await Harness.SendAsync(Tier.Critical);
        await Harness.ReachDeadlineAsync(m3);
        await Harness.ReachDeadlineAsync(m3);
        Harness.Clock.Advance(TimeSpan.FromSeconds(120));
        await engine.AcknowledgeAsync(m3, Callers.Clinician("doctor"));

        var m4 = await Harness.SendAsync(Tier.Critical);
        await Harness.ReachDeadlineAsync(m4);
        await Harness.ReachDeadlineAsync(m4);
        await Harness.ReachDeadlineAsync(m4);

        var m5 = await Harness.SendAsync(Tier.Urgent);
        Harness.Clock.Advance(TimeSpan.FromSeconds(120));
        await engine.AcknowledgeAsync(m5, Callers.Clinician("nurse"));

        var drill = (await engine.SendAsync(new SendMessage(Tier.Critical, "Drill", "drill", null, Harness.Unit.Id.Value, null, null, MessageSource.Drill, null, false), "admin")).Id;
        await engine.AcknowledgeAsync(drill, Callers.Clinician("nurse"));

        var report = await new MetricsQueries(Harness.Contexts).ReportAsync(start, Harness.Clock.GetUtcNow().AddMinutes(1), null, null);

        Assert.Equal(new TierFigures(Tier.Critical, 4, 3, 300, 240, 600, 0.75, 0.5, 1, 1), report.ByTier.Single(t => t.Tier == Tier.Critical));
        Assert.Equal(new TierFigures(Tier.Urgent, 1, 1, 120, 120, 120, 0, 0, 0, 0), report.ByTier.Single(t => t.Tier == Tier.Urgent));
        Assert.Equal([m4.Value], report.Layer4.Select(a => a.MessageId));
    }
}

[Trait("Category", "Sqlite")]
public sealed class SqliteMetricsFromTheAuditTests() : MetricsFromTheAuditTests(DatabaseProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresMetricsFromTheAuditTests() : MetricsFromTheAuditTests(DatabaseProvider.Postgres);

[Trait("Category", "SqlServer")]
public sealed class SqlServerMetricsFromTheAuditTests() : MetricsFromTheAuditTests(DatabaseProvider.SqlServer);
