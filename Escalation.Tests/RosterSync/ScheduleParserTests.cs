using Escalation.Infrastructure.RosterSync.Parsing;
using static Escalation.Tests.RosterSync.ScheduleSamples;

namespace Escalation.Tests.RosterSync;

[Trait("Category", "Unit")]
public sealed class ScheduleParserTests
{
    [Theory]
    [InlineData(ScheduleFormat.CsvShifts)]
    [InlineData(ScheduleFormat.CsvDayGrid)]
    public void Parse_SaysTheFileIsACalendar_WhenAnIcsIsPassedAsCsv(ScheduleFormat format)
    {
        var parsed = ScheduleParser.Parse(format, Read("oncall-amion-style.ics"), ChicagoAt7);

        Assert.Empty(parsed.Rows);
        Assert.Equal(
            ["This file is not a CSV file: it is an iCalendar (.ics) calendar (it starts with BEGIN:VCALENDAR). Choose the iCalendar format to import it."],
            Messages(parsed));
        Assert.Equal(0, parsed.Errors[0].Line);
    }

    [Fact]
    public void Parse_SaysTheFileIsNotACalendar_WhenACsvIsPassedAsICalendar()
    {
        var parsed = ScheduleParser.Parse(ScheduleFormat.ICalendar, Read("shifts-iso-weekly.csv"), ChicagoAt7);

        Assert.Empty(parsed.Rows);
        Assert.Equal(
            ["This file is not an iCalendar (.ics) file: it does not start with BEGIN:VCALENDAR (it starts with \"# Weekly on-call roster - Mercy General Hospital\")."],
            Messages(parsed));
    }

    [Fact]
    public void Parse_SuggestsACsvFormat_WhenACsvWithoutCommentsIsPassedAsICalendar()
    {
        var parsed = ScheduleParser.Parse(ScheduleFormat.ICalendar, "Role,Person,Start,End\nAttending,Dr. Jane Smith,2026-11-23 07:00,2026-11-23 19:00\n", ChicagoAt7);

        Assert.EndsWith("It looks like a CSV spreadsheet; choose a CSV format instead.", Assert.Single(parsed.Errors).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ScheduleFormat.CsvShifts, "This file is not a CSV file: it is an Excel workbook (.xlsx) or another compressed file. Open it in the program that made it and save or export it as CSV (comma-separated values), then upload that.")]
    [InlineData(ScheduleFormat.CsvDayGrid, "This file is not a CSV file: it is an Excel workbook (.xlsx) or another compressed file. Open it in the program that made it and save or export it as CSV (comma-separated values), then upload that.")]
    [InlineData(ScheduleFormat.ICalendar, "This file is not an iCalendar (.ics) file: it is an Excel workbook (.xlsx) or another compressed file. Export the schedule as an iCalendar (.ics) file, or as CSV and choose a CSV format.")]
    public void Parse_SaysWhatTheFileIs_WhenItIsAnExcelWorkbook(ScheduleFormat format, string expected)
    {
        var parsed = ScheduleParser.Parse(format, Read("roster-export.xlsx"), ChicagoAt7);

        Assert.Empty(parsed.Rows);
        Assert.Equal([expected], Messages(parsed));
    }

    [Theory]
    [InlineData("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj", "it is a PDF document.")]
    [InlineData("\uFFFD\uFFFD\u0011\uFFFD\u00A1\uFFFD\u001A\uFFFD\0\0\0\0", "it is an Excel workbook (.xls).")]
    [InlineData("<!DOCTYPE html>\n<html><body><table><tr><td>Date</td></tr></table></body></html>", "it is a web page (HTML).")]
    [InlineData("\u0001\u0002\u0003roster\0\u0004\u0005", "it contains binary data, not text.")]
    public void Parse_SaysWhatTheFileIs_WhenItIsNotText(string content, string expected)
    {
        var parsed = ScheduleParser.Parse(ScheduleFormat.CsvShifts, content, ChicagoAt7);

        Assert.Empty(parsed.Rows);
        Assert.Contains(expected, Assert.Single(parsed.Errors).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ScheduleFormat.CsvShifts, "")]
    [InlineData(ScheduleFormat.CsvDayGrid, "\uFEFF")]
    [InlineData(ScheduleFormat.ICalendar, " \r\n\r\n")]
    public void Parse_ReportsAnEmptyFile_WhenThereIsNothingInIt(ScheduleFormat format, string content)
    {
        var parsed = ScheduleParser.Parse(format, content, ChicagoAt7);

        Assert.Empty(parsed.Rows);
        Assert.Null(parsed.SourceChangedAt);
        Assert.Equal(["This file is empty: there are no shifts in it. Check that the right file was chosen and that the export finished."], Messages(parsed));
    }

    [Theory]
    [InlineData(ScheduleFormat.CsvShifts, "# Exported at 2026-11-20T14:05:00Z\nRole,Person,Start,End\n", "This file has no shifts: it has a header row but no rows under it.")]
    [InlineData(ScheduleFormat.CsvDayGrid, "# exported: 2026-11-20T14:05:00Z\n# nothing scheduled\n", "This file has no shifts: it has only comment lines and no header row.")]
    [InlineData(ScheduleFormat.ICalendar, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "This calendar has no shifts: it contains no events (VEVENT).")]
    public void Parse_ReportsNoShifts_WhenTheFileHasOnlyItsFrame(ScheduleFormat format, string content, string expected)
    {
        var parsed = ScheduleParser.Parse(format, content, ChicagoAt7);

        Assert.Empty(parsed.Rows);
        Assert.Equal([new ScheduleError(0, expected)], parsed.Errors);
    }

    [Fact]
    public void Parse_ReportsAnUnreadableExportTime_OnItsLine()
    {
        var parsed = ScheduleParser.Parse(ScheduleFormat.CsvShifts, "# Exported by QGenda\n# Exported at sometime yesterday\nRole,Person,Start,End\nAttending,Dr. Jane Smith,2026-11-23 07:00,2026-11-23 19:00\n", ChicagoAt7);

        Assert.Single(parsed.Rows);
        Assert.Null(parsed.SourceChangedAt);
        Assert.Equal(["Line 2: cannot read the export time \"sometime yesterday\": use 2026-11-20T14:05:00Z or 2026-11-20 08:05."], Messages(parsed));
    }

    [Fact]
    public void Parse_SaysToChooseTheDayGrid_WhenADayGridIsPassedAsAShiftList()
    {
        var parsed = ScheduleParser.Parse(ScheduleFormat.CsvShifts, Read("daygrid-november.csv"), ChicagoAt7);

        Assert.Empty(parsed.Rows);
        var error = Assert.Single(parsed.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("Found columns: \"Date\", \"ED Attending\", \"Charge Nurse\", \"ED On-Call\", \"ICU Attending\".", error.Reason, StringComparison.Ordinal);
        Assert.EndsWith("This looks like a day grid (a Date column, then one column per role); choose the day-grid format instead.", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("oncall-amion-style.ics", null, ScheduleFormat.ICalendar)]
    [InlineData("shifts-qgenda-style.csv", "schedule.csv", ScheduleFormat.CsvShifts)]
    [InlineData("shifts-iso-weekly.csv", "roster.ics", ScheduleFormat.CsvShifts)]
    [InlineData("malformed-shifts.csv", null, ScheduleFormat.CsvShifts)]
    [InlineData("daygrid-november.csv", "november.csv", ScheduleFormat.CsvDayGrid)]
    [InlineData("roster-export.xlsx", "roster-export.xlsx", null)]
    public void Detect_GuessesTheFormatFromTheContent_WhateverTheFileIsCalled(string sample, string? fileName, ScheduleFormat? expected)
    {
        Assert.Equal(expected, ScheduleParser.Detect(Read(sample), fileName));
    }

    [Theory]
    [InlineData("", "oncall.ICS", ScheduleFormat.ICalendar)]
    [InlineData("", "roster.csv", ScheduleFormat.CsvShifts)]
    [InlineData("Name,Shift Name,Hours\nDr. Jane Smith,Days,12\n", "export.csv", ScheduleFormat.CsvShifts)]
    [InlineData("Hello, this is a note\n", null, null)]
    [InlineData("", null, null)]
    [InlineData("\uFEFFDate,ED Attending\n11/23/2026,Dr. Jane Smith\n", null, ScheduleFormat.CsvDayGrid)]
    [InlineData("\r\n  BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "calendar.txt", ScheduleFormat.ICalendar)]
    public void Detect_FallsBackOnTheExtension_WhenTheContentSaysLittle(string content, string? fileName, ScheduleFormat? expected)
    {
        Assert.Equal(expected, ScheduleParser.Detect(content, fileName));
    }
}
