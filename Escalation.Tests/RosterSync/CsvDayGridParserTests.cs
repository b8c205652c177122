using Escalation.Infrastructure.RosterSync.Parsing;
using static Escalation.Tests.RosterSync.ScheduleSamples;

namespace Escalation.Tests.RosterSync;

[Trait("Category", "Unit")]
public sealed class CsvDayGridParserTests
{
    [Fact]
    public void Parse_MakesOneShiftPerFilledCell_FromHandoffToHandoffTheNextDay()
    {
        var parsed = ScheduleParser.Parse(ScheduleFormat.CsvDayGrid, Read("daygrid-november.csv"), ChicagoAt7);

        Assert.Empty(Messages(parsed));
        Assert.Equal(ScheduleFormat.CsvDayGrid, parsed.Format);
        Assert.Equal(Utc(10, 28, 14, 30), parsed.SourceChangedAt);
        Assert.Equal(60, parsed.Rows.Count);
        Assert.Equal(
            [
                new ScheduleRow(4, null, "ED Attending", "Dr. Jane Smith", Utc(10, 30, 12), Utc(10, 31, 12)),
                new ScheduleRow(4, null, "Charge Nurse", "Maria Lopez, RN", Utc(10, 30, 12), Utc(10, 31, 12)),
                new ScheduleRow(4, null, "ED On-Call", "Dr. Robert Chen", Utc(10, 30, 12), Utc(10, 31, 12)),
                new ScheduleRow(4, null, "ICU Attending", "Dr. Leila Haddad", Utc(10, 30, 12), Utc(10, 31, 12)),
            ],
            parsed.Rows.Where(r => r.Line == 4));
    }

    [Fact]
    public void Parse_MakesTheFallBackDay25HoursLong_WhenTheHandoffIsAt7()
    {
        var rows = ScheduleParser.Parse(ScheduleFormat.CsvDayGrid, Read("daygrid-november.csv"), ChicagoAt7).Rows;

        var fallBack = rows.Single(r => r.Line == 5 && r.Role == "ED Attending");
        Assert.Equal(("Dr. Chidi Okafor", Utc(10, 31, 12), Utc(11, 1, 13)), (fallBack.Person, fallBack.StartsAt, fallBack.EndsAt));
        var firstStandardDay = rows.Single(r => r.Line == 6 && r.Role == "ED Attending");
        Assert.Equal((Utc(11, 1, 13), Utc(11, 2, 13)), (firstStandardDay.StartsAt, firstStandardDay.EndsAt));
    }

    [Fact]
    public void Parse_LeavesNobodyOnDuty_WhenACellIsEmpty()
    {
        var rows = ScheduleParser.Parse(ScheduleFormat.CsvDayGrid, Read("daygrid-november.csv"), ChicagoAt7).Rows;

        Assert.Equal(["ED Attending", "Charge Nurse", "ED On-Call"], rows.Where(r => r.Line == 5).Select(r => r.Role));
        Assert.Equal(["ED Attending", "ED On-Call", "ICU Attending"], rows.Where(r => r.Line == 10).Select(r => r.Role));
    }

    [Fact]
    public void Parse_RunsMidnightToMidnight_WhenTheHandoffIsZero()
    {
        var text = "Date,ED Attending\n2026-11-01,Dr. Jane Smith\n2026-11-02,Dr. Chidi Okafor\n";

        var rows = ScheduleParser.Parse(ScheduleFormat.CsvDayGrid, text, new ScheduleParseOptions(Chicago, TimeOnly.MinValue)).Rows;

        Assert.Equal((Utc(11, 1, 5), Utc(11, 2, 6)), (rows[0].StartsAt, rows[0].EndsAt));
        Assert.Equal((Utc(11, 2, 6), Utc(11, 3, 6)), (rows[1].StartsAt, rows[1].EndsAt));
    }

    [Fact]
    public void Parse_ReportsBadDatesAndRowWidths_WhileReadingTheOtherDays()
    {
        var text = "Date,ED Attending,Charge Nurse\n" +
                   "11/23/2026,Dr. Jane Smith,\"Maria Lopez, RN\"\n" +
                   "Mon 11/24,Dr. Jane Smith,\"Maria Lopez, RN\"\n" +
                   "11/25/2026,Dr. Jane Smith,Maria Lopez, RN\n" +
                   "11/26/2026,Dr. Jane Smith\n" +
                   ",Dr. Chidi Okafor,\n" +
                   "11/27/2026,,\n";

        var parsed = ScheduleParser.Parse(ScheduleFormat.CsvDayGrid, text, ChicagoAt7);

        Assert.Equal([2, 2], parsed.Rows.Select(r => r.Line));
        Assert.Equal(
            [
                "Line 3: cannot read date \"Mon 11/24\": use 2026-11-23 or 11/23/2026.",
                "Line 4: has 4 values but the header has 3 columns; a value containing a comma must be in double quotes, e.g. \"Smith, Jane\".",
                "Line 5: has 2 values but the header has 3 columns (Date, ED Attending, Charge Nurse); check for a missing comma.",
                "Line 6: missing date.",
            ],
            Messages(parsed));
    }

    [Fact]
    public void Parse_SaysToChooseTheShiftList_WhenGivenAShiftListFile()
    {
        var parsed = ScheduleParser.Parse(ScheduleFormat.CsvDayGrid, Read("shifts-iso-weekly.csv"), ChicagoAt7);

        Assert.Empty(parsed.Rows);
        var error = Assert.Single(parsed.Errors);
        Assert.Equal(3, error.Line);
        Assert.StartsWith("the first column must be Date, followed by one column per role; found columns: \"Role\", \"Person\"", error.Reason, StringComparison.Ordinal);
        Assert.EndsWith("This looks like a shift list (start and end columns); choose the shift-list format instead.", error.Reason, StringComparison.Ordinal);
    }
}
