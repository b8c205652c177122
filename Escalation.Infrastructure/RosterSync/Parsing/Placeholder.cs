namespace Escalation.Infrastructure.RosterSync.Parsing;

// TEMPORARY: replaced by the parser branch on merge.
public enum ScheduleFormat { CsvShifts, CsvDayGrid, ICalendar }
public sealed record ScheduleParseOptions(TimeZoneInfo Zone, TimeOnly DayGridHandoff);
public sealed record ScheduleRow(int Line, string? Unit, string Role, string Person, DateTimeOffset StartsAt, DateTimeOffset EndsAt);
public sealed record ScheduleError(int Line, string Reason);
public sealed record ParsedSchedule(ScheduleFormat Format, DateTimeOffset? SourceChangedAt, IReadOnlyList<ScheduleRow> Rows, IReadOnlyList<ScheduleError> Errors);
public static class ScheduleParser
{
    public static ParsedSchedule Parse(ScheduleFormat format, string content, ScheduleParseOptions options) => throw new NotImplementedException();

    public static ScheduleFormat? Detect(string content, string? fileName) => throw new NotImplementedException();
}
