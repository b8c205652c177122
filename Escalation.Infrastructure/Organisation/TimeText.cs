using System.Globalization;

namespace Escalation.Infrastructure.Organisation;

/// <summary>
/// How every page and notice writes a time: always in the organisation's zone (never UTC in one place and local in another),
/// one format per purpose, and one way to say how old something is.
/// </summary>
public static class TimeText
{
    /// <summary>"Thu 3 Dec 14:05": a point in time on a page or a notice (inbox, board, rosters, metrics, roster digest).</summary>
    public static string When(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"Thu 3 Dec 14:05:09": a step of a message's timeline, where seconds matter.</summary>
    public static string WhenPrecise(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("ddd d MMM HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>"14:05": a time of today, such as an acknowledgment or an expiry a few minutes away.</summary>
    public static string Clock(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"Thu 3": a day on a timeline axis.</summary>
    public static string Day(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("ddd d", CultureInfo.InvariantCulture);

    /// <summary>
    /// How long ago: "just now", "4 min", "1 h 20 min", and past a day the time itself. The board and the inbox
    /// both say it this way.
    /// </summary>
    public static string Age(DateTimeOffset at, DateTimeOffset now, TimeZoneInfo zone)
    {
        var age = now - at;
        return age.TotalMinutes < 1 ? "just now"
            : age.TotalHours < 1 ? $"{(int)age.TotalMinutes} min"
            : age.TotalDays < 1 ? $"{(int)age.TotalHours} h {age.Minutes} min"
            : When(at, zone);
    }

    /// <summary>"0:45", "12:03", "1h 05m" until a moment; "escalating" once it has passed.</summary>
    public static string Remaining(TimeSpan left) =>
        left <= TimeSpan.Zero ? "escalating"
        : left.TotalHours >= 1 ? $"{(int)left.TotalHours}h {left.Minutes:00}m"
        : $"{left.Minutes}:{left.Seconds:00}";
}
