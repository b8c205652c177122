namespace Escalation.Infrastructure.RosterSync.Parsing;

/// <summary>
/// The schedule file layouts an administrator can upload: the exports of the common scheduling tools, and the
/// month view people print. Each has its own parser because each says "who, what role, when" differently.
/// </summary>
public enum ScheduleFormat
{
    /// <summary>One shift per row, with role, person, start and end columns (QGenda-, ShiftAdmin-style exports).</summary>
    CsvShifts,

    /// <summary>A month view: a Date column, then one column per role whose cells name the person on duty that day.</summary>
    CsvDayGrid,

    /// <summary>An iCalendar (.ics) export with one event per shift (Amion-, Outlook-, Google-style).</summary>
    ICalendar,
}
