using Escalation.Domain.Roster;
using static Escalation.Tests.Roster.RosterTestData;

namespace Escalation.Tests.Roster;

[Trait("Category", "Unit")]
public sealed class BackupContactTests
{
    [Fact]
    public void WindowsBetween_RunsIntoTheNextDay_WhenTheWindowCrossesMidnight()
    {
        var backup = Backup("b", "22:00", "07:00");

        var windows = backup.WindowsBetween(Chicago, DateTimeOffset.Parse("2026-05-04T00:00:00Z"), DateTimeOffset.Parse("2026-05-06T00:00:00Z"));

        Assert.Equal(
            [
                (DateTimeOffset.Parse("2026-05-04T03:00:00Z"), DateTimeOffset.Parse("2026-05-04T12:00:00Z")),
                (DateTimeOffset.Parse("2026-05-05T03:00:00Z"), DateTimeOffset.Parse("2026-05-05T12:00:00Z")),
            ],
            windows);
    }

    [Fact]
    public void WindowsBetween_KeepsWallTimes_OnTheNightTheClocksSpringForward()
    {
        var backup = Backup("b", "22:00", "07:00");

        var windows = backup.WindowsBetween(Chicago, DateTimeOffset.Parse("2026-03-08T00:00:00Z"), DateTimeOffset.Parse("2026-03-08T18:00:00Z"));

        // 22:00 CST until 07:00 CDT: eight hours.
        Assert.Equal([(DateTimeOffset.Parse("2026-03-08T04:00:00Z"), DateTimeOffset.Parse("2026-03-08T12:00:00Z"))], windows);
    }

    [Fact]
    public void CoversInstant_IsTrueAllDay_WhenTheWindowStartsAndEndsAtTheSameTime()
    {
        var backup = Backup("b", "08:00", "08:00");

        Assert.True(backup.CoversInstant(Berlin, DateTimeOffset.Parse("2026-05-04T06:00:00Z")));
        Assert.True(backup.CoversInstant(Berlin, DateTimeOffset.Parse("2026-05-04T05:59:59Z")));
        Assert.Equal(
            [(DateTimeOffset.Parse("2026-05-04T00:00:00Z"), DateTimeOffset.Parse("2026-05-07T00:00:00Z"))],
            backup.WindowsBetween(Berlin, DateTimeOffset.Parse("2026-05-04T00:00:00Z"), DateTimeOffset.Parse("2026-05-07T00:00:00Z")));
    }

    [Fact]
    public void CoversInstant_FollowsTheDailyWindow_AndTheEffectivePeriod()
    {
        var backup = new BackupContact(
            Role, "b", new TimeOnly(8, 0), new TimeOnly(17, 0),
            DateTimeOffset.Parse("2026-05-04T00:00:00Z"), DateTimeOffset.Parse("2026-05-06T00:00:00Z"), "admin", LongAgo);

        Assert.True(backup.CoversInstant(TimeZoneInfo.Utc, DateTimeOffset.Parse("2026-05-04T08:00:00Z")));
        Assert.False(backup.CoversInstant(TimeZoneInfo.Utc, DateTimeOffset.Parse("2026-05-04T17:00:00Z")));
        Assert.False(backup.CoversInstant(TimeZoneInfo.Utc, DateTimeOffset.Parse("2026-05-03T12:00:00Z")));
        Assert.False(backup.CoversInstant(TimeZoneInfo.Utc, DateTimeOffset.Parse("2026-05-06T12:00:00Z")));
    }

    [Fact]
    public void WindowsBetween_ClipsWindows_ToTheEffectivePeriod()
    {
        var backup = new BackupContact(
            Role, "b", new TimeOnly(22, 0), new TimeOnly(7, 0),
            DateTimeOffset.Parse("2026-05-04T05:00:00Z"), DateTimeOffset.Parse("2026-05-05T05:00:00Z"), "admin", LongAgo);

        var windows = backup.WindowsBetween(Chicago, DateTimeOffset.Parse("2026-05-01T00:00:00Z"), DateTimeOffset.Parse("2026-05-10T00:00:00Z"));

        Assert.Equal(
            [
                (DateTimeOffset.Parse("2026-05-04T05:00:00Z"), DateTimeOffset.Parse("2026-05-04T12:00:00Z")),
                (DateTimeOffset.Parse("2026-05-05T03:00:00Z"), DateTimeOffset.Parse("2026-05-05T05:00:00Z")),
            ],
            windows);
    }
}
