using Escalation.Infrastructure.Engine;

namespace Escalation.Tests.Cluster;

/// <summary>
/// The polling window on its own: new entries once each, a late commit behind the high-water mark delivered when it
/// appears, a gap that never fills given up after the look-back, this node's own entries and entries of no message
/// passed over without leaving a gap.
/// </summary>
[Trait("Category", "Unit")]
public sealed class PollWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan LookBack = TimeSpan.FromSeconds(60);
    private readonly Guid _m1 = Guid.NewGuid();
    private readonly Guid _m2 = Guid.NewGuid();
    private readonly Guid _m3 = Guid.NewGuid();

    [Fact]
    public void NewEntries_AreDeliveredOnce_InIdOrder_OneChangePerMessage()
    {
        var window = new PollWindow(LookBack);
        window.Begin([], T0);
        Assert.Equal(1, window.Floor);

        var rows = new[] { Row(2, _m2), Row(1, _m1), Row(3, _m1), Row(4, _m3) };
        Assert.Equal([_m1, _m2, _m3], window.Accept(rows, T0));
        Assert.Empty(window.Accept(rows, T0.AddSeconds(1)));
        Assert.Equal(5, window.Floor);
        Assert.Equal(0, window.OpenGapIds);
    }

    [Fact]
    public void AnIdCommittedLate_BehindTheHighWaterMark_IsReadAgainAndDeliveredWhenItAppears()
    {
        var window = new PollWindow(LookBack);
        window.Begin([], T0);
        Assert.Equal([_m1, _m3], window.Accept([Row(1, _m1), Row(3, _m3)], T0));
        Assert.Equal(2, window.Floor);
        Assert.Equal([(2L, 2L)], window.ReadRanges(50));

        // The next poll reads the gap and the new entries; 3 again is not delivered again.
        Assert.Equal([_m2], window.Accept([Row(2, _m2), Row(3, _m3)], T0.AddSeconds(1)));
        Assert.Equal(4, window.Floor);
        Assert.Empty(window.ReadRanges(50));
    }

    [Fact]
    public void AWideGapFilledInTheMiddle_StaysAwaitedOnBothSides()
    {
        var window = new PollWindow(LookBack);
        window.Begin([], T0);
        window.Accept([Row(1, _m1), Row(10, _m1)], T0);
        Assert.Equal([_m2], window.Accept([Row(5, _m2)], T0.AddSeconds(1)));
        Assert.Equal([(2L, 4L), (6L, 9L)], window.ReadRanges(50));
        Assert.Equal(7, window.OpenGapIds);
        Assert.Equal([(2L, 9L)], window.ReadRanges(1));
    }

    [Fact]
    public void AGapThatNeverFills_IsGivenUpAfterTheLookBack()
    {
        var window = new PollWindow(LookBack);
        window.Begin([], T0);
        window.Accept([Row(1, _m1), Row(3, _m3)], T0);
        window.Accept([], T0.Add(LookBack));
        Assert.Equal(2, window.Floor);

        window.Accept([], T0.Add(LookBack).AddMilliseconds(1));
        Assert.Equal(4, window.Floor);
        Assert.Empty(window.ReadRanges(50));
    }

    [Fact]
    public void OwnEntries_AndEntriesOfNoMessage_AreNotDelivered_NorLeftAsGaps()
    {
        var window = new PollWindow(LookBack);
        window.Begin([], T0);
        Assert.Equal([_m2], window.Accept([(1, _m1, true), (2, null, false), (3, _m2, false)], T0));
        Assert.Equal(4, window.Floor);
        Assert.Equal(0, window.OpenGapIds);
    }

    [Fact]
    public void Begin_StartsAfterTheExistingTail_AwaitingWhatIsMissingInIt()
    {
        var window = new PollWindow(LookBack);
        window.Begin([13, 10, 12], T0);
        Assert.Equal(13, window.HighWater);
        Assert.Equal([(11L, 11L)], window.ReadRanges(50));

        // The tail itself is not delivered (screens reload on start); the one missing in it is, when it commits.
        Assert.Equal([_m1], window.Accept([Row(11, _m1), Row(12, _m2), Row(13, _m3)], T0.AddSeconds(1)));
        Assert.Equal(14, window.Floor);
    }

    private static (long Id, Guid? MessageId, bool Local) Row(long id, Guid message) => (id, message, false);
}
