using Escalation.Domain.Roster;
using static Escalation.Tests.Roster.RosterTestData;

namespace Escalation.Tests.Roster;

[Trait("Category", "Unit")]
public sealed class RosterCalculatorTests
{
    private static readonly DateTimeOffset Noon = DateTimeOffset.Parse("2026-05-04T12:00:00Z");

    [Fact]
    public void HoldersAt_CombinesShiftsImportsAndRotations_NamingEachSource()
    {
        var source = Guid.NewGuid();
        var manual = Shift("m", "2026-05-04T08:00:00Z", "2026-05-04T16:00:00Z");
        var imported = Imported("i", "2026-05-04T08:00:00Z", "2026-05-04T20:00:00Z", source);
        var rotation = Rotation(RotationUnit.Days, 1, "2026-05-01", "08:00", "r");

        var holders = RosterCalculator.HoldersAt(Inputs(shifts: [manual, imported], rotations: [rotation]), Noon);

        Assert.Equal(
            [
                new Holder("i", HolderSource.Import, source),
                new Holder("m", HolderSource.Shift, manual.Id),
                new Holder("r", HolderSource.Rotation, rotation.Id),
            ],
            holders.Primary);
        Assert.Empty(holders.Backup);
    }

    [Fact]
    public void HoldersAt_ListsAPersonOnce_WithTheFirstSource()
    {
        var imported = Imported("a", "2026-05-04T06:00:00Z", "2026-05-04T20:00:00Z", Guid.NewGuid());
        var manual = Shift("a", "2026-05-04T08:00:00Z", "2026-05-04T16:00:00Z");
        var rotation = Rotation(RotationUnit.Days, 1, "2026-05-01", "08:00", "a");

        var holders = RosterCalculator.HoldersAt(Inputs(shifts: [imported, manual], rotations: [rotation]), Noon);

        Assert.Equal([new Holder("a", HolderSource.Shift, manual.Id)], holders.Primary);
    }

    [Fact]
    public void HoldersAt_PutsThePersonOn_WhenAnAddOverrideCovers()
    {
        var rotation = Rotation(RotationUnit.Days, 1, "2026-05-01", "08:00", "a");
        var add = Override(OverrideKind.Add, "x", null, "2026-05-04T10:00:00Z", "2026-05-04T14:00:00Z", "2026-05-01T00:00:00Z");

        var holders = RosterCalculator.HoldersAt(Inputs(rotations: [rotation], overrides: [add]), Noon);

        Assert.Equal([new Holder("a", HolderSource.Rotation, rotation.Id), new Holder("x", HolderSource.Override, add.Id)], holders.Primary);
        Assert.Equal(
            [new Holder("a", HolderSource.Rotation, rotation.Id)],
            RosterCalculator.HoldersAt(Inputs(rotations: [rotation], overrides: [add]), DateTimeOffset.Parse("2026-05-04T14:00:00Z")).Primary);
    }

    [Fact]
    public void HoldersAt_TakesThePersonOff_WhenARemoveOverrideCovers()
    {
        var a = Shift("a", "2026-05-04T08:00:00Z", "2026-05-04T16:00:00Z");
        var b = Shift("b", "2026-05-04T08:00:00Z", "2026-05-04T16:00:00Z");
        var remove = Override(OverrideKind.Remove, "b", null, "2026-05-04T10:00:00Z", "2026-05-04T14:00:00Z", "2026-05-01T00:00:00Z");

        var holders = RosterCalculator.HoldersAt(Inputs(shifts: [a, b], overrides: [remove]), Noon);

        Assert.Equal([new Holder("a", HolderSource.Shift, a.Id)], holders.Primary);
    }

    [Fact]
    public void HoldersAt_SwapsTheNamedPerson_WhenAReplaceOverrideNamesThem()
    {
        var a = Shift("a", "2026-05-04T08:00:00Z", "2026-05-04T16:00:00Z");
        var b = Shift("b", "2026-05-04T08:00:00Z", "2026-05-04T16:00:00Z");
        var swap = Override(OverrideKind.Replace, "x", "a", "2026-05-04T10:00:00Z", "2026-05-04T14:00:00Z", "2026-05-01T00:00:00Z");
        var swapAbsent = Override(OverrideKind.Replace, "y", "z", "2026-05-04T10:00:00Z", "2026-05-04T14:00:00Z", "2026-05-01T00:00:00Z");

        var holders = RosterCalculator.HoldersAt(Inputs(shifts: [a, b], overrides: [swap, swapAbsent]), Noon);

        Assert.Equal([new Holder("b", HolderSource.Shift, b.Id), new Holder("x", HolderSource.Override, swap.Id)], holders.Primary);
    }

    [Fact]
    public void HoldersAt_ReplacesEverybody_WhenAReplaceOverrideNamesNobody()
    {
        var a = Shift("a", "2026-05-04T08:00:00Z", "2026-05-04T16:00:00Z");
        var rotation = Rotation(RotationUnit.Days, 1, "2026-05-01", "08:00", "r");
        var replace = Override(OverrideKind.Replace, "x", null, "2026-05-04T10:00:00Z", "2026-05-04T14:00:00Z", "2026-05-01T00:00:00Z");

        var holders = RosterCalculator.HoldersAt(Inputs(shifts: [a], rotations: [rotation], overrides: [replace]), Noon);

        Assert.Equal([new Holder("x", HolderSource.Override, replace.Id)], holders.Primary);
    }

    [Fact]
    public void HoldersAt_AppliesTheLaterOverrideLast_WhenTwoOverlap()
    {
        var a = Shift("a", "2026-05-04T00:00:00Z", "2026-05-05T00:00:00Z");
        var first = Override(OverrideKind.Replace, "x", null, "2026-05-04T10:00:00Z", "2026-05-04T14:00:00Z", "2026-05-01T09:00:00Z");
        var second = Override(OverrideKind.Replace, "y", null, "2026-05-04T12:00:00Z", "2026-05-04T16:00:00Z", "2026-05-01T10:00:00Z");
        var inputs = Inputs(shifts: [a], overrides: [second, first]);

        Assert.Equal(["x"], RosterCalculator.HoldersAt(inputs, DateTimeOffset.Parse("2026-05-04T11:00:00Z")).Primary.Select(h => h.UserId));
        Assert.Equal(["y"], RosterCalculator.HoldersAt(inputs, DateTimeOffset.Parse("2026-05-04T13:00:00Z")).Primary.Select(h => h.UserId));
        Assert.Equal(["y"], RosterCalculator.HoldersAt(inputs, DateTimeOffset.Parse("2026-05-04T15:00:00Z")).Primary.Select(h => h.UserId));
        Assert.Equal(["a"], RosterCalculator.HoldersAt(inputs, DateTimeOffset.Parse("2026-05-04T16:00:00Z")).Primary.Select(h => h.UserId));
    }

    [Fact]
    public void HoldersAt_LetsALaterRemoveUndoAnEarlierAdd_AndALaterAddUndoAnEarlierRemove()
    {
        var a = Shift("a", "2026-05-04T00:00:00Z", "2026-05-05T00:00:00Z");
        var removeA = Override(OverrideKind.Remove, "a", null, "2026-05-04T10:00:00Z", "2026-05-04T14:00:00Z", "2026-05-01T09:00:00Z");
        var addA = Override(OverrideKind.Add, "a", null, "2026-05-04T11:00:00Z", "2026-05-04T13:00:00Z", "2026-05-01T10:00:00Z");
        var addX = Override(OverrideKind.Add, "x", null, "2026-05-04T10:00:00Z", "2026-05-04T14:00:00Z", "2026-05-01T09:00:00Z");
        var removeX = Override(OverrideKind.Remove, "x", null, "2026-05-04T11:00:00Z", "2026-05-04T13:00:00Z", "2026-05-01T10:00:00Z");

        var holders = RosterCalculator.HoldersAt(Inputs(shifts: [a], overrides: [addA, removeX, removeA, addX]), Noon);

        Assert.Equal([new Holder("a", HolderSource.Override, addA.Id)], holders.Primary);
    }

    [Fact]
    public void HoldersAt_PagesTheBackup_OnlyWhenNobodyIsPrimary()
    {
        var a = Shift("a", "2026-05-04T08:00:00Z", "2026-05-04T16:00:00Z");
        var backup = Backup("b", "00:00", "00:00");
        var alsoPrimary = Backup("a", "00:00", "00:00");
        var inputs = Inputs(shifts: [a], backups: [backup, alsoPrimary]);

        var during = RosterCalculator.HoldersAt(inputs, Noon);
        var after = RosterCalculator.HoldersAt(inputs, DateTimeOffset.Parse("2026-05-04T16:00:00Z"));

        Assert.Equal([new Holder("b", HolderSource.Backup, backup.Id)], during.Backup);
        Assert.Equal([new Holder("a", HolderSource.Shift, a.Id)], during.Effective);
        Assert.Empty(after.Primary);
        Assert.Equal(
            [new Holder("a", HolderSource.Backup, alsoPrimary.Id), new Holder("b", HolderSource.Backup, backup.Id)],
            after.Effective);
    }

    [Fact]
    public void HoldersAt_ReturnsNone_WhenTheBackupWindowIsClosedAndNobodyIsPrimary()
    {
        var backup = Backup("b", "22:00", "07:00");

        var holders = RosterCalculator.HoldersAt(Inputs(zone: Chicago, backups: [backup]), Noon);

        Assert.True(holders.IsEmpty);
        Assert.Equal(RoleHolders.None, holders);
        Assert.False(RosterCalculator.HoldersAt(Inputs(zone: Chicago, backups: [backup]), DateTimeOffset.Parse("2026-05-04T04:00:00Z")).IsEmpty);
    }

    [Fact]
    public void RoleHolders_AreEqual_WhenTheyListTheSamePeople()
    {
        var id = Guid.NewGuid();
        var one = new RoleHolders([new Holder("a", HolderSource.Rotation, id)], []);
        var other = new RoleHolders(new List<Holder> { new("a", HolderSource.Rotation, id) }, new List<Holder>());

        Assert.Equal(one, other);
        Assert.Equal(one.GetHashCode(), other.GetHashCode());
        Assert.NotEqual(one, new RoleHolders([], [new Holder("a", HolderSource.Rotation, id)]));
    }

    [Fact]
    public void Timeline_SplitsAtEveryBoundary_AndMergesNeighboursWithTheSameHolders()
    {
        var rotation = Rotation(RotationUnit.Days, 1, "2026-05-04", "08:00", "a", "b");
        var c = Shift("c", "2026-05-04T10:00:00Z", "2026-05-04T12:00:00Z");
        var removeA = Override(OverrideKind.Remove, "a", null, "2026-05-04T14:00:00Z", "2026-05-04T16:00:00Z", "2026-05-01T00:00:00Z");
        var removeNobody = Override(OverrideKind.Remove, "z", null, "2026-05-04T12:30:00Z", "2026-05-04T13:00:00Z", "2026-05-01T00:00:00Z");
        var backup = Backup("d", "20:00", "06:00");
        var a = new Holder("a", HolderSource.Rotation, rotation.Id);
        var inputs = Inputs(shifts: [c], rotations: [rotation], overrides: [removeA, removeNobody], backups: [backup]);

        var timeline = RosterCalculator.Timeline(inputs, DateTimeOffset.Parse("2026-05-04T06:00:00Z"), DateTimeOffset.Parse("2026-05-05T10:00:00Z"));

        Assert.Equal(
            [
                new RosterSegment(DateTimeOffset.Parse("2026-05-04T06:00:00Z"), DateTimeOffset.Parse("2026-05-04T08:00:00Z"), RoleHolders.None),
                new RosterSegment(DateTimeOffset.Parse("2026-05-04T08:00:00Z"), DateTimeOffset.Parse("2026-05-04T10:00:00Z"), new([a], [])),
                new RosterSegment(
                    DateTimeOffset.Parse("2026-05-04T10:00:00Z"), DateTimeOffset.Parse("2026-05-04T12:00:00Z"), new([a, new Holder("c", HolderSource.Shift, c.Id)], [])),
                new RosterSegment(DateTimeOffset.Parse("2026-05-04T12:00:00Z"), DateTimeOffset.Parse("2026-05-04T14:00:00Z"), new([a], [])),
                new RosterSegment(DateTimeOffset.Parse("2026-05-04T14:00:00Z"), DateTimeOffset.Parse("2026-05-04T16:00:00Z"), RoleHolders.None),
                new RosterSegment(DateTimeOffset.Parse("2026-05-04T16:00:00Z"), DateTimeOffset.Parse("2026-05-04T20:00:00Z"), new([a], [])),
                new RosterSegment(
                    DateTimeOffset.Parse("2026-05-04T20:00:00Z"), DateTimeOffset.Parse("2026-05-05T06:00:00Z"), new([a], [new Holder("d", HolderSource.Backup, backup.Id)])),
                new RosterSegment(DateTimeOffset.Parse("2026-05-05T06:00:00Z"), DateTimeOffset.Parse("2026-05-05T08:00:00Z"), new([a], [])),
                new RosterSegment(
                    DateTimeOffset.Parse("2026-05-05T08:00:00Z"), DateTimeOffset.Parse("2026-05-05T10:00:00Z"), new([new Holder("b", HolderSource.Rotation, rotation.Id)], [])),
            ],
            timeline);
    }

    [Fact]
    public void Timeline_CoversTheWindowExactly_WithOneSegment_WhenNothingChanges()
    {
        var from = DateTimeOffset.Parse("2026-05-04T06:00:00-05:00");
        var to = DateTimeOffset.Parse("2026-05-06T06:00:00-05:00");

        var empty = RosterCalculator.Timeline(Inputs(), from, to);
        var held = RosterCalculator.Timeline(Inputs(shifts: [Shift("a", "2026-05-01T00:00:00Z", null)]), from, to);

        Assert.Equal([new RosterSegment(DateTimeOffset.Parse("2026-05-04T11:00:00Z"), DateTimeOffset.Parse("2026-05-06T11:00:00Z"), RoleHolders.None)], empty);
        Assert.Single(held);
        Assert.Equal(TimeSpan.Zero, held[0].StartsAt.Offset);
        Assert.Empty(RosterCalculator.Timeline(Inputs(), to, from));
    }

    [Fact]
    public void Timeline_FollowsAnHourlyRotation_AcrossChicagosGap()
    {
        var rotation = Rotation(RotationUnit.Hours, 1, "2026-03-08", "00:00", "a", "b", "c");

        var timeline = RosterCalculator.Timeline(
            Inputs(zone: Chicago, rotations: [rotation]), DateTimeOffset.Parse("2026-03-08T06:00:00Z"), DateTimeOffset.Parse("2026-03-08T09:00:00Z"));

        Assert.Equal(["a", "b", "a"], timeline.Select(s => s.Holders.Primary.Single().UserId));
        Assert.Equal(
            [DateTimeOffset.Parse("2026-03-08T06:00:00Z"), DateTimeOffset.Parse("2026-03-08T07:00:00Z"), DateTimeOffset.Parse("2026-03-08T08:00:00Z")],
            timeline.Select(s => s.StartsAt));
    }

    [Fact]
    public void NextChange_FindsTheNextHandoff_OrAnEarlierOverride()
    {
        var rotation = Rotation(RotationUnit.Days, 1, "2026-05-04", "08:00", "a", "b");
        var add = Override(OverrideKind.Add, "x", null, "2026-05-04T15:00:00Z", "2026-05-04T16:00:00Z", "2026-05-01T00:00:00Z");

        Assert.Equal(
            DateTimeOffset.Parse("2026-05-05T08:00:00Z"),
            RosterCalculator.NextChange(Inputs(rotations: [rotation]), Noon, TimeSpan.FromDays(2)));
        Assert.Equal(
            DateTimeOffset.Parse("2026-05-04T15:00:00Z"),
            RosterCalculator.NextChange(Inputs(rotations: [rotation], overrides: [add]), Noon, TimeSpan.FromDays(2)));
        Assert.Equal(
            DateTimeOffset.Parse("2026-05-05T08:00:00Z"),
            RosterCalculator.NextChange(Inputs(rotations: [rotation]), Noon, TimeSpan.FromHours(20)));
    }

    [Fact]
    public void NextChange_ReturnsNull_WhenNothingChangesWithinTheHorizon()
    {
        var alone = Rotation(RotationUnit.Days, 1, "2026-05-04", "08:00", "a");
        var pair = Rotation(RotationUnit.Days, 1, "2026-05-04", "08:00", "a", "b");

        Assert.Null(RosterCalculator.NextChange(Inputs(rotations: [alone]), Noon, TimeSpan.FromDays(30)));
        Assert.Null(RosterCalculator.NextChange(Inputs(rotations: [pair]), Noon, TimeSpan.FromHours(19)));
    }

    [Fact]
    public void Uncovered_ReturnsTheTimes_WhenNeitherFallbackRoleHasAnybody()
    {
        var from = DateTimeOffset.Parse("2026-05-04T06:00:00Z");
        var to = DateTimeOffset.Parse("2026-05-05T06:00:00Z");
        var charge = RosterCalculator.Timeline(Inputs(shifts: [Shift("a", "2026-05-04T08:00:00Z", "2026-05-04T16:00:00Z")]), from, to);
        var attending = RosterCalculator.Timeline(
            Inputs(shifts: [Shift("b", "2026-05-04T12:00:00Z", "2026-05-04T20:00:00Z")], backups: [Backup("c", "22:00", "02:00")]), from, to);

        var uncovered = RosterCalculator.Uncovered([charge, attending], from, to);

        Assert.Equal(
            [
                (DateTimeOffset.Parse("2026-05-04T06:00:00Z"), DateTimeOffset.Parse("2026-05-04T08:00:00Z")),
                (DateTimeOffset.Parse("2026-05-04T20:00:00Z"), DateTimeOffset.Parse("2026-05-04T22:00:00Z")),
                (DateTimeOffset.Parse("2026-05-05T02:00:00Z"), DateTimeOffset.Parse("2026-05-05T06:00:00Z")),
            ],
            uncovered);
    }

    [Fact]
    public void Uncovered_ReturnsTheWholeWindow_WhenTheLayerHasNoRoles()
    {
        var from = DateTimeOffset.Parse("2026-05-04T06:00:00Z");
        var to = DateTimeOffset.Parse("2026-05-05T06:00:00Z");

        Assert.Equal([(from, to)], RosterCalculator.Uncovered([], from, to));
    }
}
