using Escalation.Infrastructure.RosterSync.Parsing;

namespace Escalation.Tests.RosterSync;

/// <summary>
/// The sample schedule files and the options they were written for (Chicago, 07:00 hand-off), shared with the import
/// and upload tests. Files are decoded without stripping a byte-order mark, as an upload's raw bytes would be.
/// </summary>
public static class ScheduleSamples
{
    public static readonly TimeZoneInfo Chicago = Zones.Chicago;

    public static readonly ScheduleParseOptions ChicagoAt7 = new(Chicago, new TimeOnly(7, 0));

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "RosterSync", "Samples", name);

    public static string Read(string name) => Encoding.UTF8.GetString(File.ReadAllBytes(PathOf(name)));

    public static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    /// <summary>Errors as "Line N: reason" strings, so a failing assertion shows the whole message.</summary>
    public static IReadOnlyList<string> Messages(ParsedSchedule parsed) => parsed.Errors.Select(e => e.Message).ToList();
}
