using System.Globalization;

namespace Escalation.Infrastructure.RosterSync.Parsing;

/// <summary>
/// Reads a one-shift-per-row CSV from the records CsvHelper gives (<see cref="CsvFile"/>). Start and end are either full date-times, or times with the date in a Date (or
/// Start Date / End Date) column; a time-only end at or before the start means the next morning, as on a night shift.
/// A date without a time means the day-grid hand-off time, like an all-day calendar event.
/// </summary>
internal static class ShiftListSchedule
{
    public static readonly TimeSpan LongestShift = TimeSpan.FromDays(7);

    public static ParsedSchedule Parse(string text, ScheduleParseOptions options)
    {
        var errors = new List<ScheduleError>();
        var rows = new List<ScheduleRow>();
        if (CsvFile.Open(text, ScheduleFormat.CsvShifts, options, errors, out var header, out var data, out var exportedAt) is { } finished)
        {
            return finished;
        }

        var columns = ShiftColumns.Map(header.Fields);
        if (!columns.HasRequired)
        {
            errors.Add(new ScheduleError(header.Line, MissingColumns(header.Fields, columns)));
            return new ParsedSchedule(ScheduleFormat.CsvShifts, exportedAt, rows, errors);
        }

        var width = CsvFile.Width(header.Fields);
        foreach (var record in data)
        {
            if (!CsvFile.CheckShape(record, header.Fields, width, errors))
            {
                continue;
            }

            var problems = new List<string>();
            var row = ReadRow(record, columns, options, problems);
            if (row is not null && problems.Count == 0)
            {
                rows.Add(row);
            }
            else
            {
                errors.AddRange(problems.Select(p => new ScheduleError(record.Line, p)));
            }
        }

        if (data.Count == 0)
        {
            errors.Add(new ScheduleError(0, "This file has no shifts: it has a header row but no rows under it."));
        }

        return new ParsedSchedule(ScheduleFormat.CsvShifts, exportedAt, rows, errors);
    }

    private static string MissingColumns(IReadOnlyList<string> header, ShiftColumns columns)
    {
        var missing = columns.Missing().ToList();
        var message = $"the header has no {string.Join(" and no ", missing)}. " +
                      $"Found columns: {CsvFile.Found(header)}. Expected a header such as Role,Person,Start,End (Unit optional), " +
                      "or Date,Start Time,End Time with Role and Person.";
        if (LooksLikeDayGrid(header, columns))
        {
            message += " This looks like a day grid (a Date column, then one column per role); choose the day-grid format instead.";
        }
        else if (header.Any(h => WrittenMoment.TryRead(h) is not null))
        {
            message += " The first row looks like data: add a header row naming the columns.";
        }

        return message + CsvFile.DelimiterHint(header);
    }

    private static bool LooksLikeDayGrid(IReadOnlyList<string> header, ShiftColumns columns) =>
        DayGridSchedule.IsDateHeader(header[0]) && CsvFile.Width(header) >= 2 && !columns.HasStartAndEnd;

    private static ScheduleRow? ReadRow(CsvRecord record, ShiftColumns columns, ScheduleParseOptions options, List<string> problems)
    {
        var role = record.Field(columns.Role);
        var person = record.Field(columns.Person);
        var unit = columns.Unit >= 0 && record.Field(columns.Unit) is { Length: > 0 } named ? named : null;
        if (role.Length == 0)
        {
            problems.Add("missing role.");
        }

        if (person.Length == 0)
        {
            problems.Add("missing person.");
        }

        var dates = new RowDates(record, columns);
        var start = ReadStart(record.Field(columns.Start), dates, options, problems);
        var end = ReadEnd(record.Field(columns.End), start, dates, options, problems);
        if (start is null || end is null)
        {
            return null;
        }

        var startsAt = start.Resolve(options.Zone);
        var endsAt = end.Resolve(options.Zone);
        if (endsAt < startsAt)
        {
            problems.Add($"end \"{end.Shown}\" is before start \"{start.Shown}\".");
        }
        else if (endsAt == startsAt)
        {
            problems.Add($"end \"{end.Shown}\" is the same as start \"{start.Shown}\"; a shift must end after it starts.");
        }
        else if (endsAt - startsAt > LongestShift)
        {
            problems.Add($"the shift from \"{start.Shown}\" to \"{end.Shown}\" is longer than 7 days; split it into shifts of 7 days or less.");
        }

        return problems.Count == 0 ? new ScheduleRow(record.Line, unit, role, person, startsAt, endsAt) : null;
    }

    private static Endpoint? ReadStart(string value, RowDates dates, ScheduleParseOptions options, List<string> problems)
    {
        if (value.Length == 0)
        {
            problems.Add("missing start.");
            return null;
        }

        if (WrittenMoment.TryRead(value) is not { } moment)
        {
            problems.Add(CannotRead("start", value, dates.HasDateColumn));
            return null;
        }

        if (moment.Date is { } date)
        {
            return new Endpoint(moment, date, moment.Time ?? options.DayGridHandoff, value, date);
        }

        var (baseDate, shown) = dates.ForStart(problems);
        if (baseDate is null)
        {
            if (!dates.HasDateColumn)
            {
                problems.Add($"start \"{value}\" has no date: add a Date column, or write the date and time together, e.g. 2026-11-23 07:00.");
            }

            return null;
        }

        return new Endpoint(moment, baseDate.Value, moment.Time!.Value, $"{shown} {value}", shown);
    }

    private static Endpoint? ReadEnd(string value, Endpoint? start, RowDates dates, ScheduleParseOptions options, List<string> problems)
    {
        if (value.Length == 0)
        {
            problems.Add("missing end.");
            return null;
        }

        if (WrittenMoment.TryRead(value) is not { } moment)
        {
            problems.Add(CannotRead("end", value, dates.HasDateColumn));
            return null;
        }

        if (moment.Date is { } date)
        {
            return new Endpoint(moment, date, moment.Time ?? options.DayGridHandoff, value, date);
        }

        if (dates.HasEndDateColumn)
        {
            var (endDate, endShown) = dates.ForEnd(problems);
            return endDate is null ? null : new Endpoint(moment, endDate.Value, moment.Time!.Value, $"{endShown} {value}", endShown);
        }

        if (start is null)
        {
            return null;
        }

        // A time alone belongs to the shift's date, and to the next day when it is not after the start: 19:00 to 07:00.
        var candidate = new Endpoint(moment, start.Date, moment.Time!.Value, $"{start.DateShown} {value}", start.DateShown);
        if (candidate.Wall <= start.Wall)
        {
            candidate = candidate with { Date = start.Date.AddDays(1) };
        }

        return candidate;
    }

    private static string CannotRead(string field, string value, bool hasDateColumn) => hasDateColumn
        ? $"cannot read {field} \"{value}\": {WrittenMoment.TimeHint} (with the date in the date column), or {WrittenMoment.DateTimeExamples}."
        : $"cannot read {field} \"{value}\": {WrittenMoment.DateTimeHint}.";

    /// <summary>A start or end as written, with the date it was given (its own, or from a date column).</summary>
    private sealed record Endpoint(WrittenMoment Moment, DateOnly Date, TimeOnly Time, string Shown, string DateShown)
    {
        public Endpoint(WrittenMoment moment, DateOnly date, TimeOnly time, string shown, DateOnly ownDate)
            : this(moment, date, time, shown, ownDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
        {
        }

        public DateTime Wall => Moment.WallClock(Date, Time);

        public DateTimeOffset Resolve(TimeZoneInfo zone) => Moment.Resolve(Date, Time, zone);
    }

    /// <summary>The row's Date / Start Date / End Date cells, read only when a time needs them, each error reported once.</summary>
    private sealed class RowDates(CsvRecord record, ShiftColumns columns)
    {
        private bool _reported;

        public bool HasDateColumn => columns.Date >= 0 || columns.StartDate >= 0;

        public bool HasEndDateColumn => columns.EndDate >= 0;

        public (DateOnly? Date, string Shown) ForStart(List<string> problems) =>
            columns.StartDate >= 0 ? Read(columns.StartDate, "start date", problems)
            : columns.Date >= 0 ? Read(columns.Date, "date", problems)
            : (null, string.Empty);

        public (DateOnly? Date, string Shown) ForEnd(List<string> problems) => Read(columns.EndDate, "end date", problems);

        private (DateOnly? Date, string Shown) Read(int column, string field, List<string> problems)
        {
            var value = record.Field(column);
            DateOnly? date = null;
            string? problem = null;
            if (value.Length == 0)
            {
                problem = $"missing {field}.";
            }
            else if (WrittenMoment.TryRead(value)?.AsDate is { } written)
            {
                date = written;
            }
            else
            {
                problem = $"cannot read {field} \"{value}\": {WrittenMoment.DateHint}.";
            }

            if (problem is not null && !_reported)
            {
                problems.Add(problem);
                _reported = true;
            }

            return (date, value);
        }
    }
}
