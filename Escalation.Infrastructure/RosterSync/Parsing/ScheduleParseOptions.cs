namespace Escalation.Infrastructure.RosterSync.Parsing;

/// <summary>
/// What a schedule file does not say itself: the zone its wall-clock times are in (times written without an offset
/// or TZID), and the hand-off time at which a whole-day assignment (a day-grid cell, an all-day event) begins and ends.
/// </summary>
public sealed record ScheduleParseOptions(TimeZoneInfo Zone, TimeOnly DayGridHandoff);
