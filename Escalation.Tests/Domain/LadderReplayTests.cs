using Escalation.Domain.Ladders;

namespace Escalation.Tests.Domain;

/// <summary>The replay's simulation and counting, on rosters and histories written out by hand.</summary>
[Trait("Category", "Unit")]
public sealed class LadderReplayTests
{
    private static readonly DateTimeOffset Sent = new(2026, 11, 10, 15, 0, 0, TimeSpan.Zero); // 10:00 in New York
    private static readonly UnitId Unit = new(Guid.NewGuid());
    private static readonly TimeSpan Repage = TimeSpan.FromMinutes(2);

    private static readonly Ladder ThreeLayers = Ladder.Create("Draft",
    [
        new([ClinicalRoleKind.PrimaryNurse], TimeSpan.FromMinutes(3), Channels.Inbox),
        new([ClinicalRoleKind.ChargeNurse], TimeSpan.FromMinutes(5), Channels.Inbox | Channels.Sms),
        new([ClinicalRoleKind.Attending, ClinicalRoleKind.OnCallPhysician], TimeSpan.FromMinutes(7), Channels.Inbox),
    ], "admin", Sent);

    /// <summary>Everyone on duty all the time: nurse, charge, on-call physician (no attending).</summary>
    private static LayerRecipients Everyone(IReadOnlyList<ClinicalRoleKind> roles, DateTimeOffset at)
    {
        foreach (var role in roles)
        {
            var holder = role switch
            {
                ClinicalRoleKind.PrimaryNurse => "nurse",
                ClinicalRoleKind.ChargeNurse => "charge",
                ClinicalRoleKind.OnCallPhysician => "oncall",
                _ => null,
            };
            if (holder is not null)
            {
                return new LayerRecipients(role, [holder]);
            }
        }

        return LayerRecipients.Nobody;
    }

    private static ReplayMessage Real(DateTimeOffset? stoppedAt, params ReplayPage[] pages) =>
        new(Guid.NewGuid(), "K+ 6.9", Tier.Critical, Sent, RequiresAck: true, stoppedAt, pages);

    private static IReadOnlyList<ReplayPage> Simulate(ReplayMessage message, RosterAt roster, DateTimeOffset? periodEnd = null) =>
        LadderReplay.Simulate(ThreeLayers, Unit, message, roster, Repage, periodEnd ?? Sent.AddDays(1));

    [Fact]
    public void AnAcknowledgmentDuringLayer2_StopsTheClimbThere_AndChannelsCountAsOnePage()
    {
        var pages = Simulate(Real(Sent.AddMinutes(6)), Everyone);

        Assert.Equal([new ReplayPage(1, "nurse", Sent), new ReplayPage(2, "charge", Sent.AddMinutes(3))], pages);
    }

    [Fact]
    public void AStepDueAtTheInstantOfTheAcknowledgment_DoesNotHappen()
    {
        var pages = Simulate(Real(Sent.AddMinutes(3)), Everyone);

        Assert.Equal([new ReplayPage(1, "nurse", Sent)], pages);
    }

    [Fact]
    public void ALayerWithNobodyOnDuty_IsSkipped_AndTheFallbackRoleAnswers()
    {
        RosterAt noCharge = (roles, at) => roles.Contains(ClinicalRoleKind.ChargeNurse) && roles.Count == 1 ? LayerRecipients.Nobody : Everyone(roles, at);

        var pages = Simulate(Real(Sent.AddMinutes(4)), noCharge);

        Assert.Equal([new ReplayPage(1, "nurse", Sent), new ReplayPage(3, "oncall", Sent.AddMinutes(3))], pages);
    }

    [Fact]
    public void EachStep_AsksTheRosterAtItsOwnInstant()
    {
        var handOver = Sent.AddMinutes(2);
        RosterAt shiftChange = (roles, at) => roles[0] == ClinicalRoleKind.ChargeNurse
            ? new LayerRecipients(ClinicalRoleKind.ChargeNurse, [at < handOver ? "day-charge" : "night-charge"])
            : Everyone(roles, at);

        var pages = Simulate(Real(Sent.AddMinutes(5)), shiftChange);

        Assert.Equal("night-charge", pages.Single(p => p.Layer == 2).UserId);
    }

    [Fact]
    public void NeverAcknowledged_ReachesTheLastLayer_ThenRepagesEveryIntervalUntilThePeriodEnds()
    {
        // Layers at 0, 3 and 8 min; exhausted at 15 min with its first re-page, then every 2 min: 15, 17, 19.
        var pages = Simulate(Real(null), Everyone, periodEnd: Sent.AddMinutes(20));

        Assert.Equal([0, 3, 8, 15, 17, 19], pages.Select(p => (int)(p.At - Sent).TotalMinutes));
        Assert.Equal([1, 2, 3, 3, 3, 3], pages.Select(p => p.Layer));
    }

    [Theory]
    [InlineData(21, 59, false)]
    [InlineData(22, 0, true)]
    [InlineData(3, 0, true)]
    [InlineData(6, 59, true)]
    [InlineData(7, 0, false)]
    public void Night_IsFrom22To7_OnTheUnitsWallClock(int hour, int minute, bool night)
    {
        var local = new DateTime(2026, 11, 10, hour, minute, 0, DateTimeKind.Unspecified);
        var at = new DateTimeOffset(local, Zones.NewYork.GetUtcOffset(local));

        Assert.Equal(night, LadderReplay.IsNight(at, Zones.NewYork));
    }

    [Fact]
    public void Run_CountsLayersReachedLayer4PeoplesPagesAndNights_RealBesideDraft_AndListsTheChanges()
    {
        var night = new DateTimeOffset(2026, 11, 11, 8, 0, 0, TimeSpan.Zero); // 03:00 in New York
        ReplayMessage[] history =
        [
            // By day, acknowledged at 6 min after a climb to layer 2 of the real ladder.
            Real(Sent.AddMinutes(6), new ReplayPage(1, "nurse", Sent), new ReplayPage(2, "charge", Sent.AddMinutes(2))),
            // At night, it really went to a department head on layer 4 and was acknowledged at 20 min.
            new(Guid.NewGuid(), "Lactate 5", Tier.Urgent, night, RequiresAck: true, night.AddMinutes(20),
                [new ReplayPage(1, "nurse", night), new ReplayPage(2, "charge", night.AddMinutes(2)), new ReplayPage(3, "oncall", night.AddMinutes(4)), new ReplayPage(4, "head", night.AddMinutes(6))]),
        ];

        var outcome = LadderReplay.Run(ThreeLayers.Layers, Unit, history, Everyone, Repage, Sent.AddDays(2), Zones.NewYork);

        Assert.Equal(2, outcome.Messages);
        Assert.Equal([2, 2, 1, 1], outcome.RealReached);
        // Draft: the first stops on layer 2 (3 min); the second climbs 0, 3, 8 and is exhausted at 15 with re-pages at 15, 17, 19.
        Assert.Equal([2, 2, 1, 0], outcome.DraftReached);
        Assert.Equal((1, 0), (outcome.RealLayer4, outcome.DraftLayer4));
        Assert.Equal(
            [
                new PersonPages("oncall", 1, 4, 1, 4),
                new PersonPages("charge", 2, 2, 1, 1),
                new PersonPages("nurse", 2, 2, 1, 1),
                new PersonPages("head", 1, 0, 1, 0),
            ],
            outcome.People);
        var change = Assert.Single(outcome.Changes);
        Assert.Equal((history[1].Id, 4, 3, 4, 6, -1), (change.MessageId, change.RealHighest, change.DraftHighest, change.RealPages, change.DraftPages, change.LayerDelta));
    }
}
