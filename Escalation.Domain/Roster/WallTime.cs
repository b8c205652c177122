namespace Escalation.Domain.Roster;

/// <summary>
/// Converts between a unit's local wall-clock time and UTC instants. Rosters are written in wall time ("hand-off at
/// 07:00") but stored and compared as instants, and twice a year some wall times do not exist or exist twice. One rule
/// for both, used by rotations and backup windows alike, so every part of a roster agrees on when a hand-off happens:
/// a wall time in the spring-forward gap becomes the first instant after the gap (02:30 on the change day is 03:00 new
/// time, the first moment a clock on the ward shows a time at or after 02:30), and a wall time in the fall-back hour
/// becomes its first occurrence (the earlier, daylight-saving one), so nobody's turn starts an hour after the clock
/// first showed its hand-off time. Both mappings keep later wall times at later or equal instants.
/// </summary>
public static class WallTime
{
    /// <summary>The instant (offset zero) at which clocks in <paramref name="zone"/> show <paramref name="local"/>, by the rules above.</summary>
    public static DateTimeOffset ToInstant(TimeZoneInfo zone, DateTime local)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(wall))
        {
            return FirstInstantAfterGap(zone, wall);
        }

        if (zone.IsAmbiguousTime(wall))
        {
            // The larger offset is the earlier instant: the daylight-saving hour, before the clocks went back.
            var offsets = zone.GetAmbiguousTimeOffsets(wall);
            return Utc(wall.Ticks - offsets.Max().Ticks);
        }

        return Utc(wall.Ticks - zone.GetUtcOffset(wall).Ticks);
    }

    /// <summary>What clocks in <paramref name="zone"/> show at <paramref name="instant"/> (kind unspecified).</summary>
    public static DateTime ToLocal(TimeZoneInfo zone, DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return new DateTime(instant.UtcTicks + zone.GetUtcOffset(instant).Ticks, DateTimeKind.Unspecified);
    }

    /// <summary>The instant one tick later, so "who holds it at t" can be asked as "who holds it in [t, t+1)".</summary>
    internal static DateTimeOffset NextTick(DateTimeOffset at) =>
        at.UtcTicks < DateTimeOffset.MaxValue.UtcTicks ? Utc(at.UtcTicks + 1) : Utc(at.UtcTicks);

    internal static DateTimeOffset Utc(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    internal static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;

    internal static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    /// <summary>
    /// The instant the clocks jumped over <paramref name="wall"/>. TimeZoneInfo says a time is in a gap but not where
    /// the gap is, so this finds the two offsets either side of it and searches between the instants they give: before
    /// the jump clocks show less than <paramref name="wall"/>, from it on at least as much.
    /// </summary>
    private static DateTimeOffset FirstInstantAfterGap(TimeZoneInfo zone, DateTime wall)
    {
        var guess = zone.GetUtcOffset(wall);
        var other = zone.GetUtcOffset(Utc(wall.Ticks - guess.Ticks));
        var before = guess < other ? guess : other;
        var after = guess < other ? other : guess;
        var low = wall.Ticks - after.Ticks;
        var high = wall.Ticks - before.Ticks;
        if (low >= high || ShowsAtLeast(zone, low, wall) || !ShowsAtLeast(zone, high, wall))
        {
            // Offsets stay within about a day of UTC; a wider bracket still holds exactly one jump past this wall time.
            low = wall.Ticks - TimeSpan.TicksPerDay;
            high = wall.Ticks + TimeSpan.TicksPerDay;
            if (ShowsAtLeast(zone, low, wall) || !ShowsAtLeast(zone, high, wall))
            {
                return Utc(wall.Ticks - guess.Ticks);
            }
        }

        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (ShowsAtLeast(zone, middle, wall))
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return Utc(high);
    }

    private static bool ShowsAtLeast(TimeZoneInfo zone, long utcTicks, DateTime wall) =>
        utcTicks + zone.GetUtcOffset(Utc(utcTicks)).Ticks >= wall.Ticks;
}
