using Escalation.Domain.Common;
using Escalation.Domain.Roster;
using static Escalation.Tests.Roster.RosterTestData;

namespace Escalation.Tests.Roster;

[Trait("Category", "Unit")]
public sealed class RotationTests
{
    [Fact]
    public void ShiftsBetween_HandsOffEveryHour_WhenUnitIsHours()
    {
        var rotation = Rotation(RotationUnit.Hours, 1, "2026-05-04", "08:00", "a", "b", "c");

        var shifts = rotation.ShiftsBetween(TimeZoneInfo.Utc, DateTimeOffset.Parse("2026-05-04T08:30:00Z"), DateTimeOffset.Parse("2026-05-04T11:15:00Z"));

        Assert.Equal(
            [
                Turn("a", "2026-05-04T08:30:00Z", "2026-05-04T09:00:00Z"),
                Turn("b", "2026-05-04T09:00:00Z", "2026-05-04T10:00:00Z"),
                Turn("c", "2026-05-04T10:00:00Z", "2026-05-04T11:00:00Z"),
                Turn("a", "2026-05-04T11:00:00Z", "2026-05-04T11:15:00Z"),
            ],
            shifts);
        Assert.All(shifts, s => Assert.Equal(TimeSpan.Zero, s.StartsAt.Offset));
    }

    [Fact]
    public void ShiftsBetween_HandsOffDailyAtLocalTime_WhenUnitIsDays()
    {
        var rotation = Rotation(RotationUnit.Days, 1, "2026-05-04", "07:00", "a", "b");

        var shifts = rotation.ShiftsBetween(Chicago, DateTimeOffset.Parse("2026-05-04T00:00:00Z"), DateTimeOffset.Parse("2026-05-07T12:00:00Z"));

        Assert.Equal(
            [
                Turn("a", "2026-05-04T12:00:00Z", "2026-05-05T12:00:00Z"),
                Turn("b", "2026-05-05T12:00:00Z", "2026-05-06T12:00:00Z"),
                Turn("a", "2026-05-06T12:00:00Z", "2026-05-07T12:00:00Z"),
            ],
            shifts);
    }

    [Fact]
    public void ShiftsBetween_HandsOffOnMondays_WhenUnitIsWeeks()
    {
        var rotation = Rotation(RotationUnit.Weeks, 1, "2026-06-01", "07:00", "a", "b", "c");

        var shifts = rotation.ShiftsBetween(Berlin, DateTimeOffset.Parse("2026-06-01T00:00:00Z"), DateTimeOffset.Parse("2026-06-29T00:00:00Z"));

        Assert.Equal(
            [
                Turn("a", "2026-06-01T05:00:00Z", "2026-06-08T05:00:00Z"),
                Turn("b", "2026-06-08T05:00:00Z", "2026-06-15T05:00:00Z"),
                Turn("c", "2026-06-15T05:00:00Z", "2026-06-22T05:00:00Z"),
                Turn("a", "2026-06-22T05:00:00Z", "2026-06-29T00:00:00Z"),
            ],
            shifts);
    }

    [Fact]
    public void ShiftsBetween_CountsTurnsInLengthUnits_WhenLengthIsMoreThanOne()
    {
        var rotation = Rotation(RotationUnit.Days, 3, "2026-05-04", "08:00", "a", "b");

        var shifts = rotation.ShiftsBetween(TimeZoneInfo.Utc, DateTimeOffset.Parse("2026-05-04T08:00:00Z"), DateTimeOffset.Parse("2026-05-13T08:00:00Z"));

        Assert.Equal(
            [
                Turn("a", "2026-05-04T08:00:00Z", "2026-05-07T08:00:00Z"),
                Turn("b", "2026-05-07T08:00:00Z", "2026-05-10T08:00:00Z"),
                Turn("a", "2026-05-10T08:00:00Z", "2026-05-13T08:00:00Z"),
            ],
            shifts);
    }

    [Fact]
    public void HolderAt_GoesBackToTheFirstPerson_AfterTheLastPersonsTurn()
    {
        var rotation = Rotation(RotationUnit.Days, 1, "2026-05-04", "08:00", "a", "b", "c");

        Assert.Equal("c", rotation.HolderAt(TimeZoneInfo.Utc, DateTimeOffset.Parse("2026-05-06T08:00:00Z")));
        Assert.Equal("a", rotation.HolderAt(TimeZoneInfo.Utc, DateTimeOffset.Parse("2026-05-07T08:00:00Z")));
        Assert.Equal("a", rotation.HolderAt(TimeZoneInfo.Utc, DateTimeOffset.Parse("2026-05-11T07:59:59Z")));
        Assert.Equal("b", rotation.HolderAt(TimeZoneInfo.Utc, DateTimeOffset.Parse("2026-05-11T08:00:00Z")));
    }

    [Fact]
    public void HolderAt_ReturnsNobody_BeforeTheFirstHandoff()
    {
        var rotation = Rotation(RotationUnit.Weeks, 1, "2026-05-04", "08:00", "a", "b");

        Assert.Null(rotation.HolderAt(TimeZoneInfo.Utc, DateTimeOffset.Parse("2026-05-04T07:59:59Z")));
        Assert.Equal("a", rotation.HolderAt(TimeZoneInfo.Utc, DateTimeOffset.Parse("2026-05-04T08:00:00Z")));
        Assert.Equal(
            [Turn("a", "2026-05-04T08:00:00Z", "2026-05-05T00:00:00Z")],
            rotation.ShiftsBetween(TimeZoneInfo.Utc, DateTimeOffset.Parse("2026-05-01T00:00:00Z"), DateTimeOffset.Parse("2026-05-05T00:00:00Z")));
    }

    [Fact]
    public void ShiftsBetween_ClipsTurns_ToTheEffectivePeriod()
    {
        var rotation = Rotation(RotationUnit.Days, 1, "2026-05-04", "08:00", DateTimeOffset.Parse("2026-05-05T20:00:00Z"), "a", "b");
        rotation.End(DateTimeOffset.Parse("2026-05-07T02:00:00Z"));

        var shifts = rotation.ShiftsBetween(TimeZoneInfo.Utc, DateTimeOffset.Parse("2026-05-01T00:00:00Z"), DateTimeOffset.Parse("2026-05-10T00:00:00Z"));

        Assert.Equal(
            [
                Turn("b", "2026-05-05T20:00:00Z", "2026-05-06T08:00:00Z"),
                Turn("a", "2026-05-06T08:00:00Z", "2026-05-07T02:00:00Z"),
            ],
            shifts);
        Assert.Null(rotation.HolderAt(TimeZoneInfo.Utc, DateTimeOffset.Parse("2026-05-07T02:00:00Z")));
        Assert.Null(rotation.HolderAt(TimeZoneInfo.Utc, DateTimeOffset.Parse("2026-05-05T19:59:59Z")));
    }

    [Fact]
    public void ShiftsBetween_KeepsAWeeklyHandoffAt0700Local_AcrossChicagosSpringForward()
    {
        var rotation = Rotation(RotationUnit.Weeks, 1, "2026-03-02", "07:00", "a", "b");

        var shifts = rotation.ShiftsBetween(Chicago, DateTimeOffset.Parse("2026-03-02T00:00:00Z"), DateTimeOffset.Parse("2026-03-17T00:00:00Z"));

        Assert.Equal(
            [
                Turn("a", "2026-03-02T13:00:00Z", "2026-03-09T12:00:00Z"),
                Turn("b", "2026-03-09T12:00:00Z", "2026-03-16T12:00:00Z"),
                Turn("a", "2026-03-16T12:00:00Z", "2026-03-17T00:00:00Z"),
            ],
            shifts);
    }

    [Fact]
    public void ShiftsBetween_KeepsAWeeklyHandoffAt0700Local_AcrossChicagosFallBack()
    {
        var rotation = Rotation(RotationUnit.Weeks, 1, "2026-10-26", "07:00", "a", "b");

        var shifts = rotation.ShiftsBetween(Chicago, DateTimeOffset.Parse("2026-10-26T00:00:00Z"), DateTimeOffset.Parse("2026-11-09T13:00:00Z"));

        Assert.Equal(
            [
                Turn("a", "2026-10-26T12:00:00Z", "2026-11-02T13:00:00Z"),
                Turn("b", "2026-11-02T13:00:00Z", "2026-11-09T13:00:00Z"),
            ],
            shifts);
    }

    [Fact]
    public void ShiftsBetween_KeepsADailyHandoffAt0700Local_OnChicagosChangeDays()
    {
        var rotation = Rotation(RotationUnit.Days, 1, "2026-03-07", "07:00", "a", "b");

        var spring = rotation.ShiftsBetween(Chicago, DateTimeOffset.Parse("2026-03-07T13:00:00Z"), DateTimeOffset.Parse("2026-03-09T12:00:00Z"));
        var fall = rotation.ShiftsBetween(Chicago, DateTimeOffset.Parse("2026-10-31T12:00:00Z"), DateTimeOffset.Parse("2026-11-02T13:00:00Z"));

        Assert.Equal(
            [
                Turn("a", "2026-03-07T13:00:00Z", "2026-03-08T12:00:00Z"),
                Turn("b", "2026-03-08T12:00:00Z", "2026-03-09T12:00:00Z"),
            ],
            spring);
        Assert.Equal(TimeSpan.FromHours(23), spring[0].EndsAt - spring[0].StartsAt);

        // 238 days after 7 March: an even turn, so a's again.
        Assert.Equal(
            [
                Turn("a", "2026-10-31T12:00:00Z", "2026-11-01T13:00:00Z"),
                Turn("b", "2026-11-01T13:00:00Z", "2026-11-02T13:00:00Z"),
            ],
            fall);
        Assert.Equal(TimeSpan.FromHours(25), fall[0].EndsAt - fall[0].StartsAt);
    }

    [Fact]
    public void ShiftsBetween_KeepsAWeeklyHandoffAt0700Local_AcrossBerlinsChanges()
    {
        var spring = Rotation(RotationUnit.Weeks, 1, "2026-03-23", "07:00", "a", "b");
        var fall = Rotation(RotationUnit.Weeks, 1, "2026-10-19", "07:00", "a", "b");

        Assert.Equal(
            [
                Turn("a", "2026-03-23T06:00:00Z", "2026-03-30T05:00:00Z"),
                Turn("b", "2026-03-30T05:00:00Z", "2026-04-06T05:00:00Z"),
            ],
            spring.ShiftsBetween(Berlin, DateTimeOffset.Parse("2026-03-23T00:00:00Z"), DateTimeOffset.Parse("2026-04-06T05:00:00Z")));
        Assert.Equal(
            [
                Turn("a", "2026-10-19T05:00:00Z", "2026-10-26T06:00:00Z"),
                Turn("b", "2026-10-26T06:00:00Z", "2026-11-02T06:00:00Z"),
            ],
            fall.ShiftsBetween(Berlin, DateTimeOffset.Parse("2026-10-19T00:00:00Z"), DateTimeOffset.Parse("2026-11-02T06:00:00Z")));
    }

    [Fact]
    public void ShiftsBetween_MakesTheNightShift11Hours_WhenChicagoSpringsForward()
    {
        var rotation = Rotation(RotationUnit.Hours, 12, "2026-03-07", "07:00", "day", "night");

        var shifts = rotation.ShiftsBetween(Chicago, DateTimeOffset.Parse("2026-03-07T13:00:00Z"), DateTimeOffset.Parse("2026-03-09T00:00:00Z"));

        Assert.Equal(
            [
                Turn("day", "2026-03-07T13:00:00Z", "2026-03-08T01:00:00Z"),
                Turn("night", "2026-03-08T01:00:00Z", "2026-03-08T12:00:00Z"),
                Turn("day", "2026-03-08T12:00:00Z", "2026-03-09T00:00:00Z"),
            ],
            shifts);
        Assert.Equal(TimeSpan.FromHours(11), shifts[1].EndsAt - shifts[1].StartsAt);
    }

    [Fact]
    public void ShiftsBetween_MakesTheNightShift13Hours_WhenChicagoFallsBack()
    {
        var rotation = Rotation(RotationUnit.Hours, 12, "2026-10-31", "07:00", "day", "night");

        var shifts = rotation.ShiftsBetween(Chicago, DateTimeOffset.Parse("2026-10-31T12:00:00Z"), DateTimeOffset.Parse("2026-11-02T01:00:00Z"));

        Assert.Equal(
            [
                Turn("day", "2026-10-31T12:00:00Z", "2026-11-01T00:00:00Z"),
                Turn("night", "2026-11-01T00:00:00Z", "2026-11-01T13:00:00Z"),
                Turn("day", "2026-11-01T13:00:00Z", "2026-11-02T01:00:00Z"),
            ],
            shifts);
        Assert.Equal(TimeSpan.FromHours(13), shifts[1].EndsAt - shifts[1].StartsAt);
    }

    [Fact]
    public void ShiftsBetween_MakesBerlinsNightShifts11And13Hours_OnTheChangeNights()
    {
        var rotation = Rotation(RotationUnit.Hours, 12, "2026-03-28", "07:00", "day", "night");

        var spring = rotation.ShiftsBetween(Berlin, DateTimeOffset.Parse("2026-03-28T18:00:00Z"), DateTimeOffset.Parse("2026-03-29T05:00:00Z"));
        var fall = rotation.ShiftsBetween(Berlin, DateTimeOffset.Parse("2026-10-24T17:00:00Z"), DateTimeOffset.Parse("2026-10-25T06:00:00Z"));

        Assert.Equal([Turn("night", "2026-03-28T18:00:00Z", "2026-03-29T05:00:00Z")], spring);
        Assert.Equal([Turn("night", "2026-10-24T17:00:00Z", "2026-10-25T06:00:00Z")], fall);
        Assert.Equal(TimeSpan.FromHours(13), fall[0].EndsAt - fall[0].StartsAt);
    }

    [Fact]
    public void ShiftsBetween_SkipsTheHourlyTurnThatFallsInChicagosGap()
    {
        var rotation = Rotation(RotationUnit.Hours, 1, "2026-03-08", "00:00", "a", "b", "c");

        var shifts = rotation.ShiftsBetween(Chicago, DateTimeOffset.Parse("2026-03-08T06:00:00Z"), DateTimeOffset.Parse("2026-03-08T10:00:00Z"));

        // 00:00 a, 01:00 b, 02:00 c never happens on the clock, 03:00 a, 04:00 b.
        Assert.Equal(
            [
                Turn("a", "2026-03-08T06:00:00Z", "2026-03-08T07:00:00Z"),
                Turn("b", "2026-03-08T07:00:00Z", "2026-03-08T08:00:00Z"),
                Turn("a", "2026-03-08T08:00:00Z", "2026-03-08T09:00:00Z"),
                Turn("b", "2026-03-08T09:00:00Z", "2026-03-08T10:00:00Z"),
            ],
            shifts);
    }

    [Fact]
    public void ShiftsBetween_SkipsTheHourlyTurnThatFallsInBerlinsGap()
    {
        var rotation = Rotation(RotationUnit.Hours, 1, "2026-03-29", "00:00", "a", "b", "c");

        var shifts = rotation.ShiftsBetween(Berlin, DateTimeOffset.Parse("2026-03-28T23:00:00Z"), DateTimeOffset.Parse("2026-03-29T02:00:00Z"));

        Assert.Equal(
            [
                Turn("a", "2026-03-28T23:00:00Z", "2026-03-29T00:00:00Z"),
                Turn("b", "2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z"),
                Turn("a", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"),
            ],
            shifts);
    }

    [Fact]
    public void ShiftsBetween_GivesTheRepeatedHourToOneTurn_WhenClocksFallBack()
    {
        var chicago = Rotation(RotationUnit.Hours, 1, "2026-11-01", "00:00", "a", "b", "c");
        var berlin = Rotation(RotationUnit.Hours, 1, "2026-10-25", "00:00", "a", "b", "c");

        // Chicago: 01:00 CDT until 02:00 CST is two hours.
        Assert.Equal(
            [
                Turn("a", "2026-11-01T05:00:00Z", "2026-11-01T06:00:00Z"),
                Turn("b", "2026-11-01T06:00:00Z", "2026-11-01T08:00:00Z"),
                Turn("c", "2026-11-01T08:00:00Z", "2026-11-01T09:00:00Z"),
            ],
            chicago.ShiftsBetween(Chicago, DateTimeOffset.Parse("2026-11-01T05:00:00Z"), DateTimeOffset.Parse("2026-11-01T09:00:00Z")));

        // Berlin: 02:00 CEST until 03:00 CET is two hours.
        Assert.Equal(
            [
                Turn("a", "2026-10-24T22:00:00Z", "2026-10-24T23:00:00Z"),
                Turn("b", "2026-10-24T23:00:00Z", "2026-10-25T00:00:00Z"),
                Turn("c", "2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z"),
                Turn("a", "2026-10-25T02:00:00Z", "2026-10-25T03:00:00Z"),
            ],
            berlin.ShiftsBetween(Berlin, DateTimeOffset.Parse("2026-10-24T22:00:00Z"), DateTimeOffset.Parse("2026-10-25T03:00:00Z")));
    }

    [Fact]
    public void ShiftsBetween_MovesA0230HandoffTo0300_OnTheSpringForwardDay()
    {
        var chicago = Rotation(RotationUnit.Days, 1, "2026-03-07", "02:30", "a", "b", "c");
        var berlin = Rotation(RotationUnit.Days, 1, "2026-03-28", "02:30", "a", "b", "c");

        Assert.Equal(
            [
                Turn("a", "2026-03-07T08:30:00Z", "2026-03-08T08:00:00Z"),
                Turn("b", "2026-03-08T08:00:00Z", "2026-03-09T07:30:00Z"),
                Turn("c", "2026-03-09T07:30:00Z", "2026-03-10T07:30:00Z"),
            ],
            chicago.ShiftsBetween(Chicago, DateTimeOffset.Parse("2026-03-07T00:00:00Z"), DateTimeOffset.Parse("2026-03-10T07:30:00Z")));
        Assert.Equal(
            [
                Turn("a", "2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z"),
                Turn("b", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"),
            ],
            berlin.ShiftsBetween(Berlin, DateTimeOffset.Parse("2026-03-28T00:00:00Z"), DateTimeOffset.Parse("2026-03-30T00:30:00Z")));
    }

    [Fact]
    public void ShiftsBetween_HandsOffAtTheFirstOccurrence_WhenTheHandoffTimeRepeats()
    {
        var rotation = Rotation(RotationUnit.Days, 1, "2026-10-31", "01:30", "a", "b", "c");

        var shifts = rotation.ShiftsBetween(Chicago, DateTimeOffset.Parse("2026-10-31T00:00:00Z"), DateTimeOffset.Parse("2026-11-02T07:30:00Z"));

        Assert.Equal(
            [
                Turn("a", "2026-10-31T06:30:00Z", "2026-11-01T06:30:00Z"),
                Turn("b", "2026-11-01T06:30:00Z", "2026-11-02T07:30:00Z"),
            ],
            shifts);
    }

    [Fact]
    public void ToInstant_MapsGapTimesToTheGapsEnd_AndRepeatedTimesToTheirFirstOccurrence()
    {
        Assert.Equal(DateTimeOffset.Parse("2026-03-08T08:00:00Z"), WallTime.ToInstant(Chicago, new DateTime(2026, 3, 8, 2, 30, 0)));
        Assert.Equal(DateTimeOffset.Parse("2026-03-08T08:00:00Z"), WallTime.ToInstant(Chicago, new DateTime(2026, 3, 8, 2, 0, 0)));
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T06:30:00Z"), WallTime.ToInstant(Chicago, new DateTime(2026, 11, 1, 1, 30, 0)));
        Assert.Equal(DateTimeOffset.Parse("2026-03-29T01:00:00Z"), WallTime.ToInstant(Berlin, new DateTime(2026, 3, 29, 2, 59, 59)));
        Assert.Equal(DateTimeOffset.Parse("2026-10-25T00:30:00Z"), WallTime.ToInstant(Berlin, new DateTime(2026, 10, 25, 2, 30, 0)));
        Assert.Equal(TimeSpan.Zero, WallTime.ToInstant(Berlin, new DateTime(2026, 7, 1, 12, 0, 0)).Offset);
    }

    [Fact]
    public void Successor_KeepsTheCurrentHolderUntilTheirTurnEnds_ThenFollowsTheNewOrder()
    {
        var rotation = Rotation(RotationUnit.Weeks, 1, "2026-01-05", "07:00", "a", "b", "c", "d");
        var now = DateTimeOffset.Parse("2026-01-14T18:00:00Z");

        var successor = rotation.Successor(["d", "b", "a"], Chicago, now, "editor");

        Assert.Equal(
            [
                Turn("b", "2026-01-14T18:00:00Z", "2026-01-19T13:00:00Z"),
                Turn("a", "2026-01-19T13:00:00Z", "2026-01-26T13:00:00Z"),
                Turn("d", "2026-01-26T13:00:00Z", "2026-02-02T13:00:00Z"),
                Turn("b", "2026-02-02T13:00:00Z", "2026-02-09T13:00:00Z"),
            ],
            successor.ShiftsBetween(Chicago, DateTimeOffset.Parse("2026-01-01T00:00:00Z"), DateTimeOffset.Parse("2026-02-09T13:00:00Z")));
        Assert.Equal(new DateOnly(2026, 1, 12), successor.HandoffDate);
        Assert.Equal(new TimeOnly(7, 0), successor.HandoffTime);
        Assert.Equal(now, successor.EffectiveFrom);
        Assert.Equal("editor", successor.CreatedBy);
    }

    [Fact]
    public void WithoutParticipant_GivesTheRestOfTheTurnToTheNextPerson_WhenTheCurrentHolderLeaves()
    {
        var rotation = Rotation(RotationUnit.Weeks, 1, "2026-01-05", "07:00", "a", "b", "c", "d");
        var now = DateTimeOffset.Parse("2026-01-14T18:00:00Z");

        var successor = rotation.WithoutParticipant("b", Chicago, now, "editor");

        Assert.Equal(
            [
                Turn("c", "2026-01-14T18:00:00Z", "2026-01-19T13:00:00Z"),
                Turn("d", "2026-01-19T13:00:00Z", "2026-01-26T13:00:00Z"),
                Turn("a", "2026-01-26T13:00:00Z", "2026-02-02T13:00:00Z"),
                Turn("c", "2026-02-02T13:00:00Z", "2026-02-09T13:00:00Z"),
            ],
            successor.ShiftsBetween(Chicago, now, DateTimeOffset.Parse("2026-02-09T13:00:00Z")));
    }

    [Fact]
    public void WithoutParticipant_LeavesPastTurnsUnchanged_AndKeepsTheFamily()
    {
        var rotation = Rotation(RotationUnit.Weeks, 1, "2026-01-05", "07:00", "a", "b", "c");
        var now = DateTimeOffset.Parse("2026-01-14T18:00:00Z");

        var successor = rotation.WithoutParticipant("a", Chicago, now, "editor");

        Assert.Equal(now, rotation.EffectiveUntil);
        Assert.Equal(rotation.FamilyId, successor.FamilyId);
        Assert.NotEqual(rotation.Id, successor.Id);
        Assert.Equal(
            [
                Turn("a", "2026-01-05T13:00:00Z", "2026-01-12T13:00:00Z"),
                Turn("b", "2026-01-12T13:00:00Z", "2026-01-14T18:00:00Z"),
            ],
            rotation.ShiftsBetween(Chicago, DateTimeOffset.Parse("2026-01-01T00:00:00Z"), DateTimeOffset.Parse("2026-03-01T00:00:00Z")));
        Assert.Equal(
            [
                Turn("b", "2026-01-14T18:00:00Z", "2026-01-19T13:00:00Z"),
                Turn("c", "2026-01-19T13:00:00Z", "2026-01-26T13:00:00Z"),
                Turn("b", "2026-01-26T13:00:00Z", "2026-02-02T13:00:00Z"),
            ],
            successor.ShiftsBetween(Chicago, DateTimeOffset.Parse("2026-01-01T00:00:00Z"), DateTimeOffset.Parse("2026-02-02T13:00:00Z")));
    }

    [Fact]
    public void WithoutParticipant_WrapsToTheFirstPerson_WhenTheLastPersonLeavesDuringTheirTurn()
    {
        var rotation = Rotation(RotationUnit.Days, 1, "2026-05-04", "08:00", "a", "b", "c");
        var now = DateTimeOffset.Parse("2026-05-06T12:00:00Z");

        var successor = rotation.WithoutParticipant("c", TimeZoneInfo.Utc, now, "editor");

        Assert.Equal(
            [
                Turn("a", "2026-05-06T12:00:00Z", "2026-05-07T08:00:00Z"),
                Turn("b", "2026-05-07T08:00:00Z", "2026-05-08T08:00:00Z"),
                Turn("a", "2026-05-08T08:00:00Z", "2026-05-09T08:00:00Z"),
            ],
            successor.ShiftsBetween(TimeZoneInfo.Utc, now, DateTimeOffset.Parse("2026-05-09T08:00:00Z")));
    }

    [Fact]
    public void Successor_KeepsTheHandoffTimeAndWallTimes_ForATwelveHourRotation()
    {
        var rotation = Rotation(RotationUnit.Hours, 12, "2026-01-05", "07:00", "a", "b", "c");
        var now = DateTimeOffset.Parse("2026-01-07T03:00:00Z");

        // Turn 3 (a's night from 6 January 19:00 local) is running.
        var successor = rotation.Successor(["c", "a", "d"], Chicago, now, "editor");

        Assert.Equal(new DateOnly(2026, 1, 6), successor.HandoffDate);
        Assert.Equal(new TimeOnly(7, 0), successor.HandoffTime);
        Assert.Equal(
            [
                Turn("a", "2026-01-07T03:00:00Z", "2026-01-07T13:00:00Z"),
                Turn("d", "2026-01-07T13:00:00Z", "2026-01-08T01:00:00Z"),
                Turn("c", "2026-01-08T01:00:00Z", "2026-01-08T13:00:00Z"),
                Turn("a", "2026-01-08T13:00:00Z", "2026-01-09T01:00:00Z"),
            ],
            successor.ShiftsBetween(Chicago, now, DateTimeOffset.Parse("2026-01-09T01:00:00Z")));
    }

    [Fact]
    public void Successor_KeepsTheFirstHandoffAndOrder_WhenNoTurnHasStartedYet()
    {
        var rotation = Rotation(RotationUnit.Days, 1, "2026-05-10", "08:00", "a", "b");
        var now = DateTimeOffset.Parse("2026-05-04T12:00:00Z");

        var successor = rotation.Successor(["c", "a"], TimeZoneInfo.Utc, now, "editor");

        Assert.Equal(new DateOnly(2026, 5, 10), successor.HandoffDate);
        Assert.Equal(["c", "a"], successor.Participants);
    }

    [Fact]
    public void WithoutParticipant_Throws_WhenThePersonIsNotInItOrIsTheOnlyOne()
    {
        var rotation = Rotation(RotationUnit.Days, 1, "2026-05-04", "08:00", "a", "b");
        var alone = Rotation(RotationUnit.Days, 1, "2026-05-04", "08:00", "a");
        var now = DateTimeOffset.Parse("2026-05-06T12:00:00Z");

        Assert.Throws<DomainException>(() => rotation.WithoutParticipant("z", TimeZoneInfo.Utc, now, "editor"));
        Assert.Throws<DomainException>(() => alone.WithoutParticipant("a", TimeZoneInfo.Utc, now, "editor"));
        Assert.Null(rotation.EffectiveUntil);
        Assert.Null(alone.EffectiveUntil);
    }

    [Fact]
    public void Successor_Throws_WhenTheRotationHasEnded()
    {
        var rotation = Rotation(RotationUnit.Days, 1, "2026-05-04", "08:00", "a", "b");
        rotation.End(DateTimeOffset.Parse("2026-05-05T00:00:00Z"));

        Assert.Throws<DomainException>(() => rotation.Successor(["a"], TimeZoneInfo.Utc, DateTimeOffset.Parse("2026-05-06T00:00:00Z"), "editor"));
    }
}
