using Escalation.Infrastructure.RosterSync.Parsing;
using static Escalation.Tests.RosterSync.ScheduleSamples;

namespace Escalation.Tests.RosterSync;

/// <summary>
/// Recurring iCalendar events (RRULE, RDATE, EXDATE, RECURRENCE-ID) become one shift per occurrence in the import
/// window, in the event's own zone, with the hand-off kept at its wall-clock time across daylight-saving changes.
/// </summary>
[Trait("Category", "Unit")]
public sealed class RecurringEventTests
{
    private static readonly ScheduleParseOptions AutumnWindow = ChicagoAt7 with { ExpandFrom = Utc(10, 1, 0), ExpandUntil = Utc(12, 31, 0) };

    [Fact]
    public void Parse_ImportsExactlyTheShiftsItDescribes_WhenAWeeklyOnCallHasAnExdateAndAMovedInstanceAcrossChicagosNovemberChange()
    {
        // Saturday 07:00 to Sunday 07:00, five weeks: 10/24 is cancelled (EXDATE), 11/07 moved to Sunday 11/08 and
        // covered by someone else (RECURRENCE-ID). Clocks go back on Sunday 11/01 at 02:00.
        var parsed = ScheduleParser.Parse(ScheduleFormat.ICalendar, Calendar(
            "BEGIN:VEVENT",
            "UID:ed-oncall-weekend@mercygeneral.example.org",
            "DTSTART;TZID=America/Chicago:20261017T070000",
            "DTEND;TZID=America/Chicago:20261018T070000",
            "RRULE:FREQ=WEEKLY;COUNT=5",
            "EXDATE;TZID=America/Chicago:20261024T070000",
            "SUMMARY:ED On-Call - Dr. Robert Chen",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:ed-oncall-weekend@mercygeneral.example.org",
            "RECURRENCE-ID;TZID=America/Chicago:20261107T070000",
            "DTSTART;TZID=America/Chicago:20261108T070000",
            "DTEND;TZID=America/Chicago:20261109T070000",
            "SUMMARY:ED On-Call - Dr. Marcus Williams",
            "END:VEVENT"), AutumnWindow);

        Assert.Empty(Messages(parsed));
        Assert.Equal(
            [
                new ScheduleRow(3, null, "ED On-Call", "Dr. Robert Chen", Utc(10, 17, 12), Utc(10, 18, 12)),
                new ScheduleRow(3, null, "ED On-Call", "Dr. Robert Chen", Utc(10, 31, 12), Utc(11, 1, 13)), // 25 hours: 07:00 CDT to 07:00 CST
                new ScheduleRow(3, null, "ED On-Call", "Dr. Robert Chen", Utc(11, 14, 13), Utc(11, 15, 13)),
                new ScheduleRow(11, null, "ED On-Call", "Dr. Marcus Williams", Utc(11, 8, 13), Utc(11, 9, 13)),
            ],
            parsed.Rows);
    }

    [Fact]
    public void Parse_DropsAnInstance_WhenItsOverrideIsCancelled()
    {
        var parsed = ScheduleParser.Parse(ScheduleFormat.ICalendar, Calendar(
            "BEGIN:VEVENT", "UID:charge-days", "DTSTART;TZID=America/Chicago:20261123T070000", "DTEND;TZID=America/Chicago:20261123T190000",
            "RRULE:FREQ=DAILY;COUNT=3", "SUMMARY:Charge Nurse - Maria Lopez", "END:VEVENT",
            "BEGIN:VEVENT", "UID:charge-days", "RECURRENCE-ID;TZID=America/Chicago:20261124T070000", "DTSTART;TZID=America/Chicago:20261124T070000",
            "DTEND;TZID=America/Chicago:20261124T190000", "STATUS:CANCELLED", "SUMMARY:Charge Nurse - Maria Lopez", "END:VEVENT"), AutumnWindow);

        Assert.Empty(Messages(parsed));
        Assert.Equal([Utc(11, 23, 13), Utc(11, 25, 13)], parsed.Rows.Select(r => r.StartsAt));
    }

    [Fact]
    public void Parse_AddsTheRdateShifts_WithTheEventsLength()
    {
        var parsed = ScheduleParser.Parse(ScheduleFormat.ICalendar, Calendar(
            "BEGIN:VEVENT", "DTSTART;TZID=America/Chicago:20261123T070000", "DTEND;TZID=America/Chicago:20261123T190000",
            "RDATE;TZID=America/Chicago:20261125T070000,20261127T190000", "SUMMARY:ED Attending - Dr. Jane Smith", "END:VEVENT"), AutumnWindow);

        Assert.Empty(Messages(parsed));
        Assert.Equal(
            [(Utc(11, 23, 13), Utc(11, 24, 1)), (Utc(11, 25, 13), Utc(11, 26, 1)), (Utc(11, 28, 1), Utc(11, 28, 13))],
            parsed.Rows.Select(r => (r.StartsAt, r.EndsAt)));
    }

    [Fact]
    public void Parse_ExpandsInTheZone_WhenTzidIsAWindowsName()
    {
        // Nights from 19:00 to 07:00 over the fall-back: 13 hours on 10/31, 12 hours on 11/01.
        var parsed = ScheduleParser.Parse(ScheduleFormat.ICalendar, Calendar(
            "BEGIN:VEVENT", "DTSTART;TZID=Central Standard Time:20261031T190000", "DTEND;TZID=Central Standard Time:20261101T070000",
            "RRULE:FREQ=DAILY;COUNT=2", "SUMMARY:ED Attending - Dr. Chidi Okafor", "END:VEVENT"), AutumnWindow);

        Assert.Empty(Messages(parsed));
        Assert.Equal([(Utc(11, 1, 0), Utc(11, 1, 13)), (Utc(11, 2, 1), Utc(11, 2, 13))], parsed.Rows.Select(r => (r.StartsAt, r.EndsAt)));
    }

    [Fact]
    public void Parse_StopsAtCount_AndAtUntil()
    {
        var parsed = ScheduleParser.Parse(ScheduleFormat.ICalendar, Calendar(
            "BEGIN:VEVENT", "DTSTART;TZID=America/Chicago:20261123T070000", "DTEND;TZID=America/Chicago:20261123T190000",
            "RRULE:FREQ=DAILY;COUNT=2", "SUMMARY:ED Attending - Dr. Jane Smith", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;TZID=America/Chicago:20261123T190000", "DTEND;TZID=America/Chicago:20261124T070000",
            "RRULE:FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20261203T000000Z", "SUMMARY:ED Attending - Dr. Chidi Okafor", "END:VEVENT"), AutumnWindow);

        Assert.Empty(Messages(parsed));
        Assert.Equal([Utc(11, 23, 13), Utc(11, 24, 13)], parsed.Rows.Where(r => r.Person == "Dr. Jane Smith").Select(r => r.StartsAt));
        Assert.Equal([Utc(11, 24, 1), Utc(11, 27, 1), Utc(12, 1, 1)], parsed.Rows.Where(r => r.Person == "Dr. Chidi Okafor").Select(r => r.StartsAt));
    }

    [Fact]
    public void Parse_ExpandsOnlyOverTheImportWindow_WhenTheRuleHasNoEnd()
    {
        var endless = Calendar(
            "BEGIN:VEVENT", "DTSTART;TZID=America/Chicago:20260105T070000", "DTEND;TZID=America/Chicago:20260105T190000",
            "RRULE:FREQ=DAILY", "SUMMARY:ED Attending - Dr. Jane Smith", "END:VEVENT");

        var window = ScheduleParser.Parse(ScheduleFormat.ICalendar, endless, ChicagoAt7 with { ExpandFrom = Utc(11, 23, 0), ExpandUntil = Utc(11, 26, 0) });

        Assert.Empty(Messages(window));
        // 11/22's day shift ends on 11/23 at 01:00 UTC, inside the window, so it is kept.
        Assert.Equal([Utc(11, 22, 13), Utc(11, 23, 13), Utc(11, 24, 13), Utc(11, 25, 13)], window.Rows.Select(r => r.StartsAt));

        var fromItsStart = ScheduleParser.Parse(ScheduleFormat.ICalendar, endless, ChicagoAt7);

        // 92 days of instants from 01/05 13:00 UTC: since the March change 07:00 is an hour earlier in UTC, so 04/07 is in.
        Assert.Equal(93, fromItsStart.Rows.Count);
        Assert.Equal(new DateTimeOffset(2026, 4, 7, 12, 0, 0, TimeSpan.Zero), fromItsStart.Rows[^1].StartsAt);
    }

    [Fact]
    public void ForImportAt_ExpandsFromAWeekBackToAQuarterAhead()
    {
        var options = ScheduleParseOptions.ForImportAt(Chicago, new TimeOnly(7, 0), Utc(11, 20, 12));

        Assert.Equal((Utc(11, 13, 12), Utc(11, 20, 12) + TimeSpan.FromDays(92)), (options.ExpandFrom, options.ExpandUntil));
    }

    [Fact]
    public void Parse_RefusesTheEvent_WhenItWouldRepeatMoreThanTheCapInTheWindow()
    {
        var parsed = ScheduleParser.Parse(ScheduleFormat.ICalendar, Calendar(
            "BEGIN:VEVENT", "DTSTART:20261123T130000Z", "DTEND:20261123T140000Z", "RRULE:FREQ=HOURLY", "SUMMARY:ED Attending - Dr. Jane Smith", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART:20261123T130000Z", "DTEND:20261123T140000Z", "RRULE:FREQ=MINUTELY;COUNT=10", "SUMMARY:ED Attending - Dr. Jane Smith", "END:VEVENT"), AutumnWindow);

        Assert.Empty(parsed.Rows);
        Assert.Equal(
            [
                "Line 3: the event \"ED Attending - Dr. Jane Smith\" repeats more than 500 times between 2026-10-01 and 2026-12-31; " +
                "a roster shift repeats at most a few times a day. Check its RRULE and RDATE.",
                "Line 12: RRULE \"FREQ=MINUTELY;COUNT=10\" repeats every minute; a shift repeats at most hourly. Check the rule.",
            ],
            Messages(parsed));
    }

    [Fact]
    public void Parse_RefusesAMalformedRrule_WithItsLineAndReason_WhileReadingTheOtherEvents()
    {
        var parsed = ScheduleParser.Parse(ScheduleFormat.ICalendar, Calendar(
            "BEGIN:VEVENT", "DTSTART:20261123T130000Z", "DTEND:20261124T010000Z", "RRULE:FREQ=SOMETIMES;COUNT=4", "SUMMARY:ED Attending - Dr. Jane Smith", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART:20261124T130000Z", "DTEND:20261125T010000Z", "RRULE:FREQ=WEEKLY;BYDAY=XX", "SUMMARY:ED Attending - Dr. Jane Smith", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART:20261125T130000Z", "DTEND:20261126T010000Z", "SUMMARY:ED Attending - Dr. Anita Patel", "END:VEVENT"), AutumnWindow);

        Assert.Equal("Dr. Anita Patel", Assert.Single(parsed.Rows).Person);
        Assert.Equal(
            [
                "Line 6: cannot read RRULE \"FREQ=SOMETIMES;COUNT=4\": The recurrence rule part 'freq' or its value SOMETIMES is not supported. " +
                "Write the rule as RFC 5545 does, e.g. FREQ=WEEKLY;BYDAY=MO;COUNT=4.",
                "Line 12: cannot read RRULE \"FREQ=WEEKLY;BYDAY=XX\": XX is not a valid iCal day-of-week indicator. " +
                "Write the rule as RFC 5545 does, e.g. FREQ=WEEKLY;BYDAY=MO;COUNT=4.",
            ],
            Messages(parsed));
    }

    /// <summary>A calendar of the given lines; the first BEGIN:VEVENT is on line 3.</summary>
    private static string Calendar(params string[] lines) => string.Join("\r\n", ["BEGIN:VCALENDAR", "VERSION:2.0", .. lines, "END:VCALENDAR"]) + "\r\n";
}
