using Escalation.Domain.Common;

namespace Escalation.Web.Components.Pages.Roster;

/// <summary>
/// Dates and times people pick on a page are wall-clock times in a zone (the unit's or the organisation's); this turns
/// them into instants and back, and refuses a time the zone skips when clocks go forward.
/// </summary>
public static class WallClock
{
    /// <summary>The instant of <paramref name="date"/> at <paramref name="time"/> in <paramref name="zone"/>.</summary>
    /// <exception cref="DomainException">A part is missing, or the time does not exist that day (the spring-forward gap).</exception>
    public static DateTimeOffset ToInstant(DateTime? date, TimeSpan? time, TimeZoneInfo zone, string field)
    {
        if (date is not { } day || time is not { } clock)
        {
            throw new DomainException($"{field}: choose a date and a time.");
        }

        var local = DateTime.SpecifyKind(day.Date + clock, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            throw new DomainException($"{field} {local:yyyy-MM-dd HH:mm} does not exist in {zone.Id} (clocks go forward).");
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The wall-clock date and time of <paramref name="at"/> in <paramref name="zone"/>, for a date and a time picker.</summary>
    public static (DateTime Date, TimeSpan Time) FromInstant(DateTimeOffset at, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone).DateTime;
        return (local.Date, local.TimeOfDay);
    }
}
