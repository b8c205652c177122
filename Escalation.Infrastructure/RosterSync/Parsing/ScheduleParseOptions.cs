namespace Escalation.Infrastructure.RosterSync.Parsing;

/// <summary>
/// What a schedule file does not say itself: the zone its wall-clock times are in (times written without an offset
/// or TZID), and the hand-off time at which a whole-day assignment (a day-grid cell, an all-day event) begins and ends.
/// </summary>
public sealed record ScheduleParseOptions(TimeZoneInfo Zone, TimeOnly DayGridHandoff)
{
    /// <summary>
    /// How far ahead a recurring event is expanded: about a quarter, as far as scheduling systems publish rosters.
    /// A rule without an end would otherwise repeat forever.
    /// </summary>
    public static readonly TimeSpan RecurrenceHorizon = TimeSpan.FromDays(92);

    /// <summary>
    /// The most shifts one recurring event may make in the window. A roster repeats daily or a few times a day
    /// (a quarter of 12-hour shifts is 184); more is a wrong rule, refused rather than imported by the thousand.
    /// </summary>
    public const int MaxOccurrences = 500;

    /// <summary>
    /// The window [<see cref="ExpandFrom"/>, <see cref="ExpandUntil"/>) over which recurring events (RRULE, RDATE)
    /// become shifts. Unset, each recurring event is expanded from its own first start for
    /// <see cref="RecurrenceHorizon"/>. Single events are read whatever their dates.
    /// </summary>
    public DateTimeOffset? ExpandFrom { get; init; }

    public DateTimeOffset? ExpandUntil { get; init; }

    /// <summary>
    /// The options of an import at <paramref name="now"/>: recurring events from a week back (the longest shift, so
    /// the one under way is kept) to <see cref="RecurrenceHorizon"/> ahead.
    /// </summary>
    public static ScheduleParseOptions ForImportAt(TimeZoneInfo zone, TimeOnly dayGridHandoff, DateTimeOffset now) =>
        new(zone, dayGridHandoff) { ExpandFrom = now - ShiftListSchedule.LongestShift, ExpandUntil = now + RecurrenceHorizon };
}
