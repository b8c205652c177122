namespace Escalation.Infrastructure.RosterSync.Parsing;

/// <summary>
/// Turns an uploaded schedule file into raw rows and an error per row it could not read. It only reads: matching the
/// file's role and person names to ours, overlap checks, de-duplication and applying the import are the import
/// step's job, so that step can show everything wrong with a file before anything changes.
/// </summary>
public static class ScheduleParser
{
    private static readonly string[] CalendarExtensions = [".ics", ".ical", ".icalendar", ".ifb", ".vcs"];
    private static readonly string[] CsvExtensions = [".csv", ".txt"];

    public static ParsedSchedule Parse(ScheduleFormat format, string content, ScheduleParseOptions options)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Zone);
        var text = FileSniffer.StripByteOrderMark(content);
        return format switch
        {
            ScheduleFormat.CsvShifts => ShiftListSchedule.Parse(text, options),
            ScheduleFormat.CsvDayGrid => DayGridSchedule.Parse(text, options),
            ScheduleFormat.ICalendar => CalendarSchedule.Parse(text, options),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown schedule format."),
        };
    }

    /// <summary>
    /// The layout the file most likely has, so the upload page can preselect it: the content decides (BEGIN:VCALENDAR,
    /// a header with start and end columns, a header starting with Date), the file name only when the content says
    /// nothing. Null for binary files (a workbook, a PDF) and files that give no clue; parsing one of those with the
    /// format the administrator picks explains what is wrong.
    /// </summary>
    public static ScheduleFormat? Detect(string content, string? fileName)
    {
        var text = FileSniffer.StripByteOrderMark(content ?? string.Empty);
        var extension = Path.GetExtension(fileName ?? string.Empty).ToLowerInvariant();
        switch (FileSniffer.Sniff(text))
        {
            case FileShape.ICalendar:
                return ScheduleFormat.ICalendar;
            case FileShape.Text:
                if (CsvFile.Header(text) is { } header)
                {
                    var columns = ShiftColumns.Map(header.Fields);
                    if (columns.HasStartAndEnd)
                    {
                        return ScheduleFormat.CsvShifts;
                    }

                    if (DayGridSchedule.IsDateHeader(header.Fields[0]) && CsvFile.Width(header.Fields) >= 2)
                    {
                        return ScheduleFormat.CsvDayGrid;
                    }

                    if (columns.HasAny)
                    {
                        return ScheduleFormat.CsvShifts;
                    }
                }

                break;
            case FileShape.Empty:
                break;
            default:
                return null;
        }

        if (CalendarExtensions.Contains(extension))
        {
            return ScheduleFormat.ICalendar;
        }

        return CsvExtensions.Contains(extension) ? ScheduleFormat.CsvShifts : null;
    }
}
