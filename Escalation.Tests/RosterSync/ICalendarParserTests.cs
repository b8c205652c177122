using Escalation.Infrastructure.RosterSync.Parsing;
using static Escalation.Tests.RosterSync.ScheduleSamples;

namespace Escalation.Tests.RosterSync;

[Trait("Category", "Unit")]
public sealed class ICalendarParserTests
{
    [Fact]
    public void Parse_ReadsEveryShift_WhenAmionStyleExportHasFoldedLinesZonesAndAttendees()
    {
        var parsed = ScheduleParser.Parse(ScheduleFormat.ICalendar, Read("oncall-amion-style.ics"), ChicagoAt7);

        Assert.Empty(Messages(parsed));
        Assert.Equal(ScheduleFormat.ICalendar, parsed.Format);
        const string ed = "Emergency Department";
        Assert.Equal(
            [
                new ScheduleRow(26, ed, "ED Attending", "Dr. Jane Smith", Utc(10, 30, 12), Utc(10, 31, 0)),
                new ScheduleRow(37, ed, "ED Attending", "Dr. Chidi Okafor", Utc(10, 31, 0), Utc(10, 31, 12)),
                new ScheduleRow(48, ed, "ED On-Call", "Dr. Robert Chen", Utc(10, 31, 12), Utc(11, 1, 13)),
                new ScheduleRow(66, ed, "Charge Nurse", "Kate O'Brien, RN", Utc(11, 1, 0), Utc(11, 1, 13)),
                new ScheduleRow(75, ed, "ED Attending", "Dr. Anita Patel", Utc(11, 1, 13), Utc(11, 2, 1)),
                new ScheduleRow(96, ed, "ED Attending", "Dr. Chidi Okafor", Utc(11, 2, 1), Utc(11, 2, 13)),
                new ScheduleRow(106, "Medical ICU", "ICU Attending", "Dr. Leila Haddad", Utc(11, 2, 14), Utc(11, 2, 22, 30)),
                new ScheduleRow(115, ed, "ED On-Call", "Dr. Marcus Williams", Utc(11, 2, 13), Utc(11, 3, 13)),
                new ScheduleRow(126, ed, "Charge Nurse", "Thao Nguyen, RN", Utc(11, 2, 13), Utc(11, 3, 1)),
                new ScheduleRow(137, ed, "Transfer Center Physician", "Dr. Anita Patel", Utc(11, 3, 13), Utc(11, 4, 13)),
                new ScheduleRow(147, ed, "ED Attending", "Dr. Jane Smith", Utc(11, 3, 13), Utc(11, 4, 1)),
                new ScheduleRow(157, ed, "ED Attending", "Dr. Chidi Okafor", Utc(11, 4, 1), Utc(11, 4, 13)),
            ],
            parsed.Rows);
    }

    [Fact]
    public void Parse_TakesTheLatestLastModified_AcrossTheCalendar()
    {
        var parsed = ScheduleParser.Parse(ScheduleFormat.ICalendar, Read("oncall-amion-style.ics"), ChicagoAt7);

        Assert.Equal(Utc(10, 29, 16, 15), parsed.SourceChangedAt);
    }

    [Fact]
    public void Parse_FallsBackToTheLatestDtstamp_WhenNoEventHasLastModified()
    {
        var parsed = Parse(
            Event("DTSTAMP:20261120T080000Z", "DTSTART:20261123T130000Z", "DTEND:20261124T010000Z", "SUMMARY:Attending - Dr. Jane Smith"),
            Event("DTSTAMP:20261121T093000Z", "DTSTART:20261124T130000Z", "DTEND:20261125T010000Z", "SUMMARY:Attending - Dr. Jane Smith"));

        Assert.Equal(Utc(11, 21, 9, 30), parsed.SourceChangedAt);
    }

    [Fact]
    public void Parse_IgnoresTheTimeZoneBlock_WhenItsLastModifiedIsLaterAndItRepeats()
    {
        var parsed = ScheduleParser.Parse(ScheduleFormat.ICalendar, Calendar(
            "BEGIN:VTIMEZONE", "TZID:Mercy Local", "LAST-MODIFIED:20301231T000000Z", "BEGIN:STANDARD", "DTSTART:19701101T020000",
            "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0600", "END:STANDARD", "END:VTIMEZONE",
            "BEGIN:VEVENT", "LAST-MODIFIED:20261120T080000Z", "DTSTART;TZID=America/Chicago:20261123T070000", "DTEND;TZID=America/Chicago:20261123T190000",
            "SUMMARY:Attending - Dr. Jane Smith", "END:VEVENT"), ChicagoAt7);

        Assert.Empty(Messages(parsed));
        Assert.Equal(Utc(11, 20, 8), parsed.SourceChangedAt);
        Assert.Equal((Utc(11, 23, 13), Utc(11, 24, 1)), (parsed.Rows[0].StartsAt, parsed.Rows[0].EndsAt));
    }

    [Fact]
    public void Parse_SplitsSummaryIntoRoleAndPerson_WhenThereIsNoAttendee()
    {
        var parsed = Parse(
            Event("DTSTART:20261123T130000Z", "DTEND:20261124T010000Z", "SUMMARY:ED Attending - Dr. Jane Smith"),
            Event("DTSTART:20261123T130000Z", "DTEND:20261124T010000Z", "SUMMARY:Charge Nurse: Maria Lopez\\, RN - Days"),
            Event("DTSTART:20261123T130000Z", "DTEND:20261124T010000Z", "SUMMARY:Night On-Call"));

        Assert.Equal([("ED Attending", "Dr. Jane Smith"), ("Charge Nurse", "Maria Lopez, RN - Days")], parsed.Rows.Select(r => (r.Role, r.Person)));
        Assert.Equal(
            ["Line 16: cannot tell the role from the person in SUMMARY \"Night On-Call\": write it as \"Role - Person\" (e.g. ED Attending - Dr. Jane Smith), or add an ATTENDEE."],
            Messages(parsed));
    }

    [Fact]
    public void Parse_UsesTheMailtoAddress_WhenAnAttendeeHasNoName()
    {
        var parsed = Parse(Event("DTSTART:20261123T130000Z", "DTEND:20261124T010000Z", "SUMMARY:ED Attending", "ATTENDEE;ROLE=REQ-PARTICIPANT:MAILTO:jane.smith@mercygeneral.example.org"));

        Assert.Equal(("ED Attending", "jane.smith@mercygeneral.example.org"), (parsed.Rows[0].Role, parsed.Rows[0].Person));
    }

    [Fact]
    public void Parse_UnescapesTextAndUnfoldsLines_WhenValuesSpanLines()
    {
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:20261123T130000Z\r\nDTEND:20261124T010000Z\r\n" +
                   "SUMMARY:Charge Nurse\\; Days: Kate O'Brien\\, RN \\\\ Floa\r\n\tt pool\r\nLOCATION:Emergency Depart\n ment\\nMain Campus\r\n" +
                   "END:VEVENT\r\nEND:VCALENDAR\r\n";

        var row = Assert.Single(ScheduleParser.Parse(ScheduleFormat.ICalendar, text, ChicagoAt7).Rows);

        Assert.Equal(("Charge Nurse; Days", "Kate O'Brien, RN \\ Float pool", "Emergency Department\nMain Campus"), (row.Role, row.Person, row.Unit));
    }

    [Theory]
    [InlineData("DURATION:PT12H", 11, 24, 1)]
    [InlineData("DURATION:P1D", 11, 24, 13)]
    [InlineData("DURATION:P1DT6H", 11, 24, 19)]
    [InlineData("DURATION:P1W", 11, 30, 13)]
    public void Parse_AddsTheDuration_WhenThereIsNoDtend(string duration, int month, int day, int hour)
    {
        var parsed = Parse(Event("DTSTART;TZID=America/Chicago:20261123T070000", duration, "SUMMARY:ED On-Call - Dr. Robert Chen"));

        Assert.Empty(Messages(parsed));
        Assert.Equal(Utc(month, day, hour), parsed.Rows[0].EndsAt);
    }

    [Fact]
    public void Parse_KeepsTheWallClock_WhenADayDurationSpansTheFallBack()
    {
        var parsed = Parse(
            Event("DTSTART;TZID=America/Chicago:20261031T070000", "DURATION:P1D", "SUMMARY:ED On-Call - Dr. Robert Chen"),
            Event("DTSTART;TZID=America/Chicago:20261031T070000", "DURATION:PT24H", "SUMMARY:ED On-Call - Dr. Marcus Williams"));

        Assert.Equal([Utc(11, 1, 13), Utc(11, 1, 12)], parsed.Rows.Select(r => r.EndsAt));
    }

    [Fact]
    public void Parse_RunsAllDayEventsFromHandoffToHandoff_WhenDatesHaveNoTime()
    {
        var parsed = Parse(
            Event("DTSTART;VALUE=DATE:20261031", "DTEND;VALUE=DATE:20261102", "SUMMARY:ED On-Call - Dr. Robert Chen"),
            Event("DTSTART;VALUE=DATE:20261123", "SUMMARY:ED On-Call - Dr. Marcus Williams"));

        Assert.Empty(Messages(parsed));
        Assert.Equal((Utc(10, 31, 12), Utc(11, 2, 13)), (parsed.Rows[0].StartsAt, parsed.Rows[0].EndsAt));
        Assert.Equal((Utc(11, 23, 13), Utc(11, 24, 13)), (parsed.Rows[1].StartsAt, parsed.Rows[1].EndsAt));
    }

    [Fact]
    public void Parse_ReadsFloatingTimesInTheImportZone_AndZTimesAsUtc()
    {
        var parsed = Parse(
            Event("DTSTART:20261123T070000", "DTEND:20261123T190000", "SUMMARY:ED Attending - Dr. Jane Smith"),
            Event("DTSTART:20261123T070000Z", "DTEND:20261123T190000Z", "SUMMARY:ED Attending - Dr. Jane Smith"));

        Assert.Equal([(Utc(11, 23, 13), Utc(11, 24, 1)), (Utc(11, 23, 7), Utc(11, 23, 19))], parsed.Rows.Select(r => (r.StartsAt, r.EndsAt)));
    }

    [Fact]
    public void Parse_SkipsCancelledEvents_WithoutAnError()
    {
        var parsed = Parse(
            Event("STATUS:CANCELLED", "DTSTART:20261123T130000Z", "DTEND:20261124T010000Z", "SUMMARY:ED Attending - Dr. Jane Smith"),
            Event("STATUS:CONFIRMED", "DTSTART:20261123T130000Z", "DTEND:20261124T010000Z", "SUMMARY:ED Attending - Dr. Anita Patel"));

        Assert.Empty(parsed.Errors);
        Assert.Equal("Dr. Anita Patel", Assert.Single(parsed.Rows).Person);
    }

    [Fact]
    public void Parse_ExpandsARecurringEvent_InsteadOfRefusingIt()
    {
        // Issue 15 reverses the earlier refusal of RRULE: the rule's four Mondays are four shifts.
        var parsed = Parse(
            Event("DTSTART;TZID=America/Chicago:20261123T070000", "DTEND;TZID=America/Chicago:20261123T190000", "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4", "SUMMARY:ED Attending - Dr. Jane Smith"),
            Event("DTSTART:20261124T130000Z", "DTEND:20261125T010000Z", "SUMMARY:ED Attending - Dr. Anita Patel"));

        Assert.Empty(Messages(parsed));
        Assert.Equal(
            [
                ("Dr. Jane Smith", Utc(11, 23, 13), Utc(11, 24, 1)),
                ("Dr. Jane Smith", Utc(11, 30, 13), Utc(12, 1, 1)),
                ("Dr. Jane Smith", Utc(12, 7, 13), Utc(12, 8, 1)),
                ("Dr. Jane Smith", Utc(12, 14, 13), Utc(12, 15, 1)),
                ("Dr. Anita Patel", Utc(11, 24, 13), Utc(11, 25, 1)),
            ],
            parsed.Rows.Select(r => (r.Person, r.StartsAt, r.EndsAt)));
    }

    [Fact]
    public void Parse_RejectsTheEvent_WhenItsTzidIsUnknown()
    {
        var parsed = Parse(Event("DTSTART;TZID=Mercy Hospital Time:20261123T070000", "DTEND;TZID=Mercy Hospital Time:20261123T190000", "SUMMARY:ED Attending - Dr. Jane Smith"));

        Assert.Empty(parsed.Rows);
        Assert.Equal(
            [
                "Line 4: unknown time zone TZID=\"Mercy Hospital Time\" in DTSTART; use a zone name such as America/Chicago (or a Windows name such as Central Standard Time).",
                "Line 5: unknown time zone TZID=\"Mercy Hospital Time\" in DTEND; use a zone name such as America/Chicago (or a Windows name such as Central Standard Time).",
            ],
            Messages(parsed));
    }

    [Theory]
    [InlineData("Central Standard Time")]
    [InlineData("/mozilla.org/20050126_1/America/Chicago")]
    [InlineData("\"America/Chicago\"")]
    public void Parse_ResolvesTheZone_WhenTzidIsAWindowsOrPrefixedName(string tzid)
    {
        var parsed = Parse(Event($"DTSTART;TZID={tzid}:20261123T070000", $"DTEND;TZID={tzid}:20261123T190000", "SUMMARY:ED Attending - Dr. Jane Smith"));

        Assert.Empty(Messages(parsed));
        Assert.Equal((Utc(11, 23, 13), Utc(11, 24, 1)), (parsed.Rows[0].StartsAt, parsed.Rows[0].EndsAt));
    }

    [Fact]
    public void Parse_ReportsBadTimesAndMissingValues_ForEachEvent()
    {
        var parsed = Parse(
            Event("DTSTART:2026-11-23 07:00", "DTEND:20261123T190000Z", "SUMMARY:ED Attending - Dr. Jane Smith"),
            Event("DTEND:20261123T190000Z", "SUMMARY:ED Attending - Dr. Jane Smith"),
            Event("DTSTART:20261123T190000Z", "DTEND:20261123T070000Z", "SUMMARY:ED Attending - Dr. Jane Smith"),
            Event("DTSTART:20261123T070000Z", "SUMMARY:ED Attending - Dr. Jane Smith"),
            Event("DTSTART:20261123T070000Z", "DURATION:PT12", "SUMMARY:ED Attending - Dr. Jane Smith"),
            Event("DTSTART:20261123T070000Z", "DTEND:20261201T070000Z", "SUMMARY:ED Attending - Dr. Jane Smith"),
            Event("DTSTART:20261123T070000Z", "DTEND:20261123T190000Z"));

        Assert.Empty(parsed.Rows);
        Assert.Equal(
            [
                "Line 4: cannot read DTSTART \"2026-11-23 07:00\": use 20261123T070000 with TZID=America/Chicago, 20261123T130000Z, or 20261123 (with VALUE=DATE) for a whole day.",
                "Line 8: missing DTSTART: the event does not say when the shift starts.",
                "Line 12: DTEND \"20261123T070000Z\" is before DTSTART \"20261123T190000Z\".",
                "Line 17: missing DTEND (or DURATION): the event does not say when the shift ends.",
                "Line 23: cannot read DURATION \"PT12\": use PT12H for twelve hours or P1D for one day.",
                "Line 26: the event from DTSTART \"20261123T070000Z\" to DTEND \"20261201T070000Z\" is longer than 7 days; split it into shifts of 7 days or less.",
                "Line 31: missing role and person: the event has no SUMMARY and no ATTENDEE.",
            ],
            Messages(parsed));
    }

    [Fact]
    public void Parse_MakesARowPerAttendee_AndIgnoresAlarmAttendees()
    {
        var parsed = Parse(Event(
            "DTSTART:20261123T130000Z", "DTEND:20261124T010000Z", "SUMMARY:Charge Nurse",
            "ATTENDEE;CN=\"Maria Lopez, RN\":mailto:maria.lopez@mercygeneral.example.org",
            "ATTENDEE;CN=Thao Nguyen RN:mailto:thao.nguyen@mercygeneral.example.org",
            "BEGIN:VALARM", "ACTION:EMAIL", "TRIGGER:-PT1H", "ATTENDEE;CN=Pager Desk:mailto:pager@mercygeneral.example.org", "END:VALARM"));

        Assert.Empty(Messages(parsed));
        Assert.Equal(["Maria Lopez, RN", "Thao Nguyen RN"], parsed.Rows.Select(r => r.Person));
        Assert.All(parsed.Rows, r => Assert.Equal(3, r.Line));
    }

    [Fact]
    public void Parse_ReportsATruncatedCalendar_WhenEndVcalendarIsMissing()
    {
        var text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261123T130000Z\nDTEND:20261124T010000Z\nSUMMARY:Attending - Dr. Jane Smith\nEND:VEVENT\nBEGIN:VEVENT\nDTSTART:2026";

        var parsed = ScheduleParser.Parse(ScheduleFormat.ICalendar, text, ChicagoAt7);

        Assert.Single(parsed.Rows);
        Assert.Equal(["Line 7: this event has no END:VEVENT, so the file seems cut off; export it again."], Messages(parsed));
    }

    private static string Event(params string[] properties) => string.Join("\r\n", ["BEGIN:VEVENT", .. properties, "END:VEVENT"]);

    private static string Calendar(params string[] lines) => string.Join("\r\n", ["BEGIN:VCALENDAR", "VERSION:2.0", .. lines, "END:VCALENDAR"]) + "\r\n";

    /// <summary>A calendar of the given events; the first event's BEGIN:VEVENT is on line 3.</summary>
    private static ParsedSchedule Parse(params string[] events) => ScheduleParser.Parse(ScheduleFormat.ICalendar, Calendar(events), ChicagoAt7);
}
