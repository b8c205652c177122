namespace Escalation.Infrastructure.RosterSync.Parsing;

/// <summary>
/// Everything read from one schedule file: the rows that could be read, an error for every one that could not (so the
/// administrator fixes the file in one pass), and when the source says it last changed (an export time, iCalendar
/// LAST-MODIFIED/DTSTAMP), which lets the import notice a file older than the one already applied.
/// </summary>
public sealed record ParsedSchedule(ScheduleFormat Format, DateTimeOffset? SourceChangedAt, IReadOnlyList<ScheduleRow> Rows, IReadOnlyList<ScheduleError> Errors)
{
    internal static ParsedSchedule Failed(ScheduleFormat format, string reason) => new(format, null, [], [new ScheduleError(0, reason)]);
}
