namespace Escalation.Infrastructure.RosterSync.Parsing;

/// <summary>
/// Reads a printed month view: a Date column, then one column per role, each cell naming who is on duty for that role
/// from the hand-off time on that date to the hand-off time the next day (wall clock, so a 07:00 hand-off stays at
/// 07:00 across daylight-saving changes and that day's shift is 23 or 25 hours long). An empty cell means nobody.
/// </summary>
internal static class DayGridSchedule
{
    private static readonly string[] DateHeaders = ["date", "day", "dates"];

    public static bool IsDateHeader(string header) => DateHeaders.Contains(CsvFile.Normalize(header));

    public static ParsedSchedule Parse(string text, ScheduleParseOptions options)
    {
        var errors = new List<ScheduleError>();
        var rows = new List<ScheduleRow>();
        if (CsvFile.Open(text, ScheduleFormat.CsvDayGrid, options, errors, out var header, out var data, out var exportedAt) is { } finished)
        {
            return finished;
        }

        var width = CsvFile.Width(header.Fields);
        if (HeaderProblem(header.Fields, width) is { } problem)
        {
            errors.Add(new ScheduleError(header.Line, problem));
            return new ParsedSchedule(ScheduleFormat.CsvDayGrid, exportedAt, rows, errors);
        }

        foreach (var record in data)
        {
            if (CsvFile.CheckShape(record, header.Fields, width, errors))
            {
                ReadDay(record, header.Fields, width, options, rows, errors);
            }
        }

        if (data.Count == 0)
        {
            errors.Add(new ScheduleError(0, "This file has no shifts: it has a header row but no dates under it."));
        }

        return new ParsedSchedule(ScheduleFormat.CsvDayGrid, exportedAt, rows, errors);
    }

    private static string? HeaderProblem(IReadOnlyList<string> header, int width)
    {
        if (!IsDateHeader(header[0]))
        {
            var message = $"the first column must be Date, followed by one column per role; found columns: {CsvFile.Found(header)}.";
            if (ShiftColumns.Map(header).HasStartAndEnd)
            {
                message += " This looks like a shift list (start and end columns); choose the shift-list format instead.";
            }

            return message + CsvFile.DelimiterHint(header);
        }

        return width < 2
            ? "the header has only the Date column; add one column per role, e.g. Date,ED Attending,Charge Nurse."
            : null;
    }

    private static void ReadDay(CsvRecord record, IReadOnlyList<string> header, int width, ScheduleParseOptions options, List<ScheduleRow> rows, List<ScheduleError> errors)
    {
        var dateText = record.Field(0);
        if (dateText.Length == 0)
        {
            errors.Add(new ScheduleError(record.Line, "missing date."));
            return;
        }

        if (WrittenMoment.TryRead(dateText)?.AsDate is not { } date)
        {
            errors.Add(new ScheduleError(record.Line, $"cannot read date \"{dateText}\": {WrittenMoment.DateHint}."));
            return;
        }

        var startsAt = ZoneClock.ToUtc(date.ToDateTime(options.DayGridHandoff), options.Zone);
        var endsAt = ZoneClock.ToUtc(date.AddDays(1).ToDateTime(options.DayGridHandoff), options.Zone);
        for (var column = 1; column < width; column++)
        {
            var person = record.Field(column);
            if (person.Length == 0)
            {
                continue;
            }

            var role = header[column];
            if (string.IsNullOrWhiteSpace(role))
            {
                errors.Add(new ScheduleError(record.Line, $"column {column + 1} has no role name in the header, so \"{person}\" cannot be placed; name the column's role in the header."));
                continue;
            }

            rows.Add(new ScheduleRow(record.Line, null, role, person, startsAt, endsAt));
        }
    }
}
