namespace Escalation.Infrastructure.RosterSync.Parsing;

/// <summary>
/// Turns a wall-clock time in a zone into a UTC instant without throwing on daylight-saving edges, because rosters
/// hand off at times like 02:30 that some nights do not exist or happen twice: a time in the spring-forward gap
/// becomes the first instant after the gap, and a time in the fall-back hour the first (earlier) of its two instants.
/// </summary>
internal static class ZoneClock
{
    // The longest gap any zone ever skipped is a whole day (Samoa, 2011); stepping minute by minute stays cheap.
    private const int MaxGapMinutes = 48 * 60;

    public static DateTimeOffset ToUtc(DateTime wallClock, TimeZoneInfo zone)
    {
        var wall = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(wall))
        {
            wall = FirstValidAfter(wall, zone);
        }

        if (zone.IsAmbiguousTime(wall))
        {
            var earlier = zone.GetAmbiguousTimeOffsets(wall).Max();
            return new DateTimeOffset(wall, earlier).ToUniversalTime();
        }

        return new DateTimeOffset(wall, zone.GetUtcOffset(wall)).ToUniversalTime();
    }

    /// <summary>The wall time at which the gap ends, which is the same instant as the moment the clocks jumped.</summary>
    private static DateTime FirstValidAfter(DateTime wall, TimeZoneInfo zone)
    {
        var candidate = new DateTime(wall.Year, wall.Month, wall.Day, wall.Hour, wall.Minute, 0, DateTimeKind.Unspecified);
        for (var step = 0; step < MaxGapMinutes && zone.IsInvalidTime(candidate); step++)
        {
            candidate = candidate.AddMinutes(1);
        }

        return candidate;
    }
}
