using System.Globalization;
using Escalation.Infrastructure.RosterSync.Parsing;
using static Escalation.Tests.RosterSync.ScheduleSamples;

namespace Escalation.Tests.RosterSync;

[Trait("Category", "Unit")]
public sealed class CsvShiftsParserTests
{
    [Fact]
    public void Parse_ReadsEveryShift_WhenQgendaStyleExportHasDateAndTimeColumns()
    {
        var parsed = ScheduleParser.Parse(ScheduleFormat.CsvShifts, Read("shifts-qgenda-style.csv"), ChicagoAt7);

        Assert.Empty(Messages(parsed));
        Assert.Equal(ScheduleFormat.CsvShifts, parsed.Format);
        Assert.Equal(19, parsed.Rows.Count);
        Assert.Equal(new ScheduleRow(5, "Emergency Department", "ED Attending", "Dr. Jane Smith", Utc(10, 30, 12), Utc(10, 31, 0)), parsed.Rows[0]);
        Assert.All(parsed.Rows, r => Assert.Equal(TimeSpan.Zero, r.StartsAt.Offset));
        Assert.All(parsed.Rows, r => Assert.Equal(TimeSpan.Zero, r.EndsAt.Offset));
    }

    [Fact]
    public void Parse_ReadsTheExportTime_WhenALeadingCommentSaysExportedAt()
    {
        var parsed = ScheduleParser.Parse(ScheduleFormat.CsvShifts, Read("shifts-qgenda-style.csv"), ChicagoAt7);

        Assert.Equal(Utc(10, 28, 14, 5), parsed.SourceChangedAt);
    }

    [Fact]
    public void Parse_ReadsTheExportTimeInItsOffset_WhenCommentIsExportedColon()
    {
        var parsed = ScheduleParser.Parse(ScheduleFormat.CsvShifts, Read("shifts-iso-weekly.csv"), ChicagoAt7);

        Assert.Empty(Messages(parsed));
        Assert.Equal(Utc(11, 20, 15, 30), parsed.SourceChangedAt);
    }

    [Fact]
    public void Parse_MakesTheOvernightShift25HoursLong_WhenChicagoFallsBackDuringIt()
    {
        var rows = ScheduleParser.Parse(ScheduleFormat.CsvShifts, Read("shifts-qgenda-style.csv"), ChicagoAt7).Rows;

        // 10/31 07:00 CDT (UTC-5) to 11/01 07:00 CST (UTC-6): the 24-hour call spans the extra hour.
        var call = Assert.Single(rows, r => r.Line == 15);
        Assert.Equal(("ED On-Call", "Dr. Robert Chen"), (call.Role, call.Person));
        Assert.Equal(Utc(10, 31, 12), call.StartsAt);
        Assert.Equal(Utc(11, 1, 13), call.EndsAt);
        Assert.Equal(TimeSpan.FromHours(25), call.EndsAt - call.StartsAt);

        // 10/31 19:00 CDT to 11/01 07:00 CST: an end time before the start time is the next morning.
        var night = Assert.Single(rows, r => r.Line == 11);
        Assert.Equal((Utc(11, 1, 0), Utc(11, 1, 13)), (night.StartsAt, night.EndsAt));

        var afterChange = Assert.Single(rows, r => r.Line == 16);
        Assert.Equal((Utc(11, 1, 13), Utc(11, 2, 1)), (afterChange.StartsAt, afterChange.EndsAt));
    }

    [Fact]
    public void Parse_KeepsCommasQuotesAndLineBreaks_WhenFieldsAreQuoted()
    {
        var rows = ScheduleParser.Parse(ScheduleFormat.CsvShifts, Read("shifts-qgenda-style.csv"), ChicagoAt7).Rows;

        Assert.Equal("Maria Lopez, RN", rows.Single(r => r.Line == 7).Person);
        Assert.Equal("Kate O'Brien, RN", rows.Single(r => r.Line == 8).Person);

        // The note on line 13 runs onto line 14, so the next row starts on line 15.
        Assert.Equal("Thao Nguyen, RN", rows.Single(r => r.Line == 13).Person);
        Assert.DoesNotContain(rows, r => r.Line == 14);
        Assert.Equal("Dr. Robert Chen", rows.Single(r => r.Line == 15).Person);
    }

    [Fact]
    public void Parse_StripsTheByteOrderMark_WhenExcelSavedUtf8()
    {
        var text = "\uFEFFRole,Person,Start,End\r\nAttending,Dr. Jane Smith,2026-11-23 07:00,2026-11-23 19:00\r\n";

        var parsed = ScheduleParser.Parse(ScheduleFormat.CsvShifts, text, ChicagoAt7);

        Assert.Empty(Messages(parsed));
        Assert.Equal(new ScheduleRow(2, null, "Attending", "Dr. Jane Smith", Utc(11, 23, 13), Utc(11, 24, 1)), Assert.Single(parsed.Rows));
    }

    [Fact]
    public void Parse_HonoursZAndOffsets_WhenValuesCarryThem()
    {
        var rows = ScheduleParser.Parse(ScheduleFormat.CsvShifts, Read("shifts-iso-weekly.csv"), ChicagoAt7).Rows;

        Assert.Equal(12, rows.Count);
        var zulu = rows.Single(r => r.Line == 8);
        Assert.Equal((Utc(11, 23, 13), Utc(11, 24, 13)), (zulu.StartsAt, zulu.EndsAt));
        var offset = rows.Single(r => r.Line == 9);
        Assert.Equal(("Medical ICU", Utc(11, 23, 14), Utc(11, 23, 22, 30)), (offset.Unit, offset.StartsAt, offset.EndsAt));
        var local = rows.Single(r => r.Line == 6);
        Assert.Equal((Utc(11, 23, 13), Utc(11, 24, 1)), (local.StartsAt, local.EndsAt));
        Assert.Null(rows.Single(r => r.Line == 14).Unit);
    }

    [Theory]
    [InlineData("11/23/2026 7:00 AM", "11/23/2026 7:00 PM")]
    [InlineData("11/23/2026 07:00", "11/23/2026 19:00")]
    [InlineData("2026-11-23T07:00:00", "2026-11-23T19:00:00")]
    [InlineData("2026-11-23 07:00", "2026-11-23 19:00")]
    [InlineData("2026-11-23T13:00:00Z", "2026-11-24T01:00:00Z")]
    [InlineData("2026-11-23T14:00+01:00", "2026-11-24T02:00+01:00")]
    [InlineData("11/23/2026 7:00:00 a.m.", "11/23/2026 7:00:00 p.m.")]
    [InlineData("2026-11-23 07:00", "2026-11-23 24:00")]
    public void Parse_ReadsIsoAndUsDateTimes_WhenWrittenEitherWay(string start, string end)
    {
        var text = $"role,person,start,end\nAttending,Dr. Jane Smith,{start},{end}\n";

        var parsed = ScheduleParser.Parse(ScheduleFormat.CsvShifts, text, ChicagoAt7);

        Assert.Empty(Messages(parsed));
        var row = Assert.Single(parsed.Rows);
        Assert.Equal(Utc(11, 23, 13), row.StartsAt);
        Assert.Equal(end.Contains("24:00", StringComparison.Ordinal) ? Utc(11, 24, 6) : Utc(11, 24, 1), row.EndsAt);
    }

    [Theory]
    [InlineData("Position,Staff,Starts,Ends,Department")]
    [InlineData("ASSIGNMENT, Provider ,From,To,Location")]
    [InlineData("Shift,Employee,Start Time,End Time,Unit")]
    [InlineData("Role,Email,start_time,end-time,unit")]
    public void Parse_MatchesColumnAliases_WhenHeaderUsesAnotherToolsNames(string header)
    {
        var text = $"{header}\nCharge Nurse,mlopez@mercygeneral.example.org,2026-11-23 07:00,2026-11-23 19:00,Emergency Department\n";

        var parsed = ScheduleParser.Parse(ScheduleFormat.CsvShifts, text, ChicagoAt7);

        Assert.Empty(Messages(parsed));
        Assert.Equal(new ScheduleRow(2, "Emergency Department", "Charge Nurse", "mlopez@mercygeneral.example.org", Utc(11, 23, 13), Utc(11, 24, 1)), Assert.Single(parsed.Rows));
    }

    [Fact]
    public void Parse_ReadsTheNameColumn_WhenBothNameAndEmailArePresent()
    {
        var text = "Role,Email,Name,Start,End\nAttending,jane.smith@mercygeneral.example.org,Dr. Jane Smith,2026-11-23 07:00,2026-11-23 19:00\n";

        var row = Assert.Single(ScheduleParser.Parse(ScheduleFormat.CsvShifts, text, ChicagoAt7).Rows);

        Assert.Equal("Dr. Jane Smith", row.Person);
    }

    [Fact]
    public void Parse_TakesDatesFromStartDateAndEndDateColumns_WhenTheExportSplitsThem()
    {
        var text = "Role,Person,Start Date,Start Time,End Date,End Time\nED On-Call,Dr. Robert Chen,11/23/2026,7:00 AM,11/25/2026,7:00 AM\n";

        var row = Assert.Single(ScheduleParser.Parse(ScheduleFormat.CsvShifts, text, ChicagoAt7).Rows);

        Assert.Equal((Utc(11, 23, 13), Utc(11, 25, 13)), (row.StartsAt, row.EndsAt));
    }

    [Fact]
    public void Parse_ReportsTheMissingColumns_WhenHeaderLacksThem()
    {
        var text = "# exported: 2026-11-20T14:05:00Z\nRole,Doctor,Begins,End\nAttending,Dr. Jane Smith,2026-11-23 07:00,2026-11-23 19:00\n";

        var parsed = ScheduleParser.Parse(ScheduleFormat.CsvShifts, text, ChicagoAt7);

        Assert.Empty(parsed.Rows);
        var error = Assert.Single(parsed.Errors);
        Assert.Equal(2, error.Line);
        Assert.Equal(
            "the header has no person column (or name, staff, provider, employee, email) and no start column (or starts, start time, from). " +
            "Found columns: \"Role\", \"Doctor\", \"Begins\", \"End\". Expected a header such as Role,Person,Start,End (Unit optional), " +
            "or Date,Start Time,End Time with Role and Person.",
            error.Reason);
    }

    [Fact]
    public void Parse_HintsAtTheSeparator_WhenTheFileUsesSemicolons()
    {
        var parsed = ScheduleParser.Parse(ScheduleFormat.CsvShifts, "Role;Person;Start;End\nAttending;Dr. Jane Smith;2026-11-23 07:00;2026-11-23 19:00\n", ChicagoAt7);

        Assert.EndsWith("The file seems to separate columns with semicolons or tabs; save it as CSV with commas.", Assert.Single(parsed.Errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StartsAndEndsAtTheHandoff_WhenStartAndEndAreDatesOnly()
    {
        var text = "Role,Person,Start,End\nED On-Call,Dr. Robert Chen,2026-10-31,2026-11-02\n";

        var row = Assert.Single(ScheduleParser.Parse(ScheduleFormat.CsvShifts, text, ChicagoAt7).Rows);

        Assert.Equal((Utc(10, 31, 12), Utc(11, 2, 13)), (row.StartsAt, row.EndsAt));
    }

    [Fact]
    public void Parse_ReadsExcelDateCells_WhenTheDateColumnCarriesMidnight()
    {
        var text = "Date,Start Time,End Time,Role,Person\n11/23/2026 0:00,7:00:00 PM,7:00:00 AM,ED Attending,Dr. Chidi Okafor\n";

        var row = Assert.Single(ScheduleParser.Parse(ScheduleFormat.CsvShifts, text, ChicagoAt7).Rows);

        Assert.Equal((Utc(11, 24, 1), Utc(11, 24, 13)), (row.StartsAt, row.EndsAt));
    }

    [Fact]
    public void Parse_ReportsEveryBadRowWithItsLine_WhenRowsAreMalformed()
    {
        var parsed = ScheduleParser.Parse(ScheduleFormat.CsvShifts, Read("malformed-shifts.csv"), ChicagoAt7);

        Assert.Equal([2, 12, 15], parsed.Rows.Select(r => r.Line));
        Assert.Equal(
            [
                "Line 3: missing person.",
                "Line 4: cannot read start \"23.11.26 7h\": use 2026-11-23 07:00 or 11/23/2026 7:00 AM.",
                "Line 5: end \"2026-11-23 06:00\" is before start \"2026-11-23 07:00\".",
                "Line 7: the shift from \"2026-11-23 07:00\" to \"2026-12-01 07:00\" is longer than 7 days; split it into shifts of 7 days or less.",
                "Line 8: has 3 values but the header has 5 columns (Role, Person, Start, End, Unit); check for a missing comma.",
                "Line 9: has 6 values but the header has 5 columns; a value containing a comma must be in double quotes, e.g. \"Smith, Jane\".",
                "Line 10: missing role.",
                "Line 11: end \"2026-11-24 19:00\" is the same as start \"2026-11-24 19:00\"; a shift must end after it starts.",
                "Line 13: missing end.",
                "Line 14: cannot read start \"23/11/2026 08:00\": use 2026-11-23 07:00 or 11/23/2026 7:00 AM.",
                "Line 14: cannot read end \"23/11/2026 16:30\": use 2026-11-23 07:00 or 11/23/2026 7:00 AM.",
            ],
            Messages(parsed));
    }

    [Fact]
    public void Parse_ReportsUnreadableTimesAndDates_WhenDateAndTimeColumnsAreBad()
    {
        var text = "Date,Start Time,End Time,Role,Person\n" +
                   "11/23/2026,7h,19:00,Attending,Dr. Jane Smith\n" +
                   "23.11.2026,07:00,19:00,Attending,Dr. Jane Smith\n" +
                   ",07:00,19:00,Attending,Dr. Jane Smith\n";

        var parsed = ScheduleParser.Parse(ScheduleFormat.CsvShifts, text, ChicagoAt7);

        Assert.Empty(parsed.Rows);
        Assert.Equal(
            [
                "Line 2: cannot read start \"7h\": use 07:00, 19:00 or 7:00 AM (with the date in the date column), or 2026-11-23 07:00 or 11/23/2026 7:00 AM.",
                "Line 3: cannot read date \"23.11.2026\": use 2026-11-23 or 11/23/2026.",
                "Line 4: missing date.",
            ],
            Messages(parsed));
    }

    [Fact]
    public void Parse_ReportsAMissingDate_WhenTimesComeWithoutADateColumn()
    {
        var parsed = ScheduleParser.Parse(ScheduleFormat.CsvShifts, "Role,Person,Start,End\nAttending,Dr. Jane Smith,07:00,19:00\n", ChicagoAt7);

        Assert.Equal(["Line 2: start \"07:00\" has no date: add a Date column, or write the date and time together, e.g. 2026-11-23 07:00."], Messages(parsed));
    }

    [Theory]
    [InlineData("2026-03-08 02:30", "2026-03-08T08:00:00Z")] // spring forward: 02:30 does not exist; 03:00 CDT is the first instant after the gap
    [InlineData("2026-11-01 01:30", "2026-11-01T06:30:00Z")] // fall back: 01:30 happens twice; the first is 01:30 CDT (UTC-5)
    public void Parse_ResolvesDaylightSavingEdges_WhenALocalTimeIsSkippedOrRepeated(string start, string expected)
    {
        var text = $"Role,Person,Start,End\nAttending,Dr. Jane Smith,{start},{start[..10]} 12:00\n";

        var row = Assert.Single(ScheduleParser.Parse(ScheduleFormat.CsvShifts, text, ChicagoAt7).Rows);

        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), row.StartsAt);
    }

    [Fact]
    public void Parse_SkipsBlankLinesAndEmptySpreadsheetRows_WithLineEndingsOfAnyKind()
    {
        var text = "Role,Person,Start,End,,\r\n\r\nAttending,Dr. Jane Smith,2026-11-23 07:00,2026-11-23 19:00,,\n,,,,,\rAttending,Dr. Chidi Okafor,2026-11-23 19:00,2026-11-24 07:00";

        var parsed = ScheduleParser.Parse(ScheduleFormat.CsvShifts, text, ChicagoAt7);

        Assert.Empty(Messages(parsed));
        Assert.Equal([3, 5], parsed.Rows.Select(r => r.Line));
    }

    [Fact]
    public void Parse_KeepsDuplicateRows_WhenTheFileRepeatsAShift()
    {
        var line = "Attending,Dr. Jane Smith,2026-11-23 07:00,2026-11-23 19:00";

        var parsed = ScheduleParser.Parse(ScheduleFormat.CsvShifts, $"Role,Person,Start,End\n{line}\n{line}\n", ChicagoAt7);

        Assert.Equal(2, parsed.Rows.Count);
        Assert.Equal(parsed.Rows[0] with { Line = 3 }, parsed.Rows[1]);
    }

    [Fact]
    public void Parse_ReportsAnUnclosedQuote_WhenAFieldNeverEnds()
    {
        var text = "Role,Person,Start,End\nAttending,\"Dr. Jane Smith,2026-11-23 07:00,2026-11-23 19:00\nAttending,Dr. Chidi Okafor,2026-11-23 19:00,2026-11-24 07:00\n";

        var parsed = ScheduleParser.Parse(ScheduleFormat.CsvShifts, text, ChicagoAt7);

        Assert.Empty(parsed.Rows);
        Assert.Equal(2, Assert.Single(parsed.Errors).Line);
        Assert.Contains("no closing double quote", parsed.Errors[0].Reason, StringComparison.Ordinal);
    }
}
