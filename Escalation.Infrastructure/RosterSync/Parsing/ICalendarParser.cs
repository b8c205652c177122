using System.Globalization;
using System.Text.RegularExpressions;

namespace Escalation.Infrastructure.RosterSync.Parsing;

/// <summary>
/// Reads the RFC 5545 subset that schedule exports use: one VEVENT per shift with DTSTART and DTEND or DURATION,
/// the role and person in SUMMARY (and ATTENDEE when there is one), the unit in LOCATION or CATEGORIES. Recurring
/// events are refused rather than expanded here, because expanding RRULEs correctly (EXDATEs, overrides, zones) is
/// a library's job and a roster export can always write each shift out.
/// </summary>
internal static partial class ICalendarParser
{
    private const string Expected = "an iCalendar (.ics) file";
    private static readonly string[] SummarySeparators = [" - ", ": ", " \u2013 ", " \u2014 "];
    private static readonly string[] DurationParts = ["w", "d", "h", "m", "s"];

    public static ParsedSchedule Parse(string text, ScheduleParseOptions options)
    {
        var shape = FileSniffer.Sniff(text);
        if (shape != FileShape.ICalendar)
        {
            return ParsedSchedule.Failed(ScheduleFormat.ICalendar, FileSniffer.WrongShape(shape, Expected, "Export the schedule as an iCalendar (.ics) file, or as CSV and choose a CSV format.")
                ?? NotACalendar(text));
        }

        var errors = new List<ScheduleError>();
        var rows = new List<ScheduleRow>();
        var zones = new ZoneNames();
        var components = new List<string>();
        CalendarEvent? current = null;
        DateTimeOffset? lastModified = null;
        DateTimeOffset? stamped = null;
        var events = 0;
        var calendarEnded = false;
        foreach (var (line, content) in CalendarLine.Unfold(text))
        {
            if (string.IsNullOrWhiteSpace(content))
            {
                continue;
            }

            var property = CalendarLine.TryParse(line, content);
            var inEvent = current is not null && components.Count > 0 && components[^1] == "VEVENT";
            if (property is null)
            {
                if (inEvent)
                {
                    current!.Problems.Add(new ScheduleError(line, $"cannot read the line \"{Shorten(content)}\": expected NAME:value."));
                }

                continue;
            }

            if (property.Name == "BEGIN")
            {
                var component = property.Value.Trim().ToUpperInvariant();
                components.Add(component);
                if (component == "VEVENT" && current is null)
                {
                    current = new CalendarEvent(line);
                    events++;
                }

                continue;
            }

            if (property.Name == "END")
            {
                var component = property.Value.Trim().ToUpperInvariant();
                var open = components.LastIndexOf(component);
                if (open >= 0)
                {
                    components.RemoveRange(open, components.Count - open);
                }

                if (component == "VEVENT" && current is not null)
                {
                    Finish(current, options, zones, rows, errors);
                    current = null;
                }

                calendarEnded |= component == "VCALENDAR" && !components.Contains("VCALENDAR");
                continue;
            }

            var owner = components.Count > 0 ? components[^1] : string.Empty;
            if (owner is "VCALENDAR" or "VEVENT" && property.Name is "LAST-MODIFIED" or "DTSTAMP")
            {
                if (CalendarMoment.TryRead(property, zones, out var problem) is { } moment)
                {
                    var at = moment.Resolve(options);
                    if (property.Name == "LAST-MODIFIED")
                    {
                        lastModified = lastModified > at ? lastModified : at;
                    }
                    else
                    {
                        stamped = stamped > at ? stamped : at;
                    }
                }
                else
                {
                    errors.Add(new ScheduleError(line, problem!));
                }
            }

            if (inEvent)
            {
                current!.Properties.Add(property);
            }
        }

        if (current is not null)
        {
            errors.Add(new ScheduleError(current.Line, "this event has no END:VEVENT, so the file seems cut off; export it again."));
        }
        else if (!calendarEnded)
        {
            errors.Add(new ScheduleError(0, "This calendar has no END:VCALENDAR, so the file seems cut off; export it again."));
        }

        if (events == 0)
        {
            errors.Add(new ScheduleError(0, "This calendar has no shifts: it contains no events (VEVENT)."));
        }

        // Timestamp errors are found as lines are read, event errors when the event ends: list them in file order.
        return new ParsedSchedule(ScheduleFormat.ICalendar, lastModified ?? stamped, rows, errors.OrderBy(e => e.Line).ToList());
    }

    private static string NotACalendar(string text)
    {
        var firstLine = text.TrimStart().Split('\n', 2)[0].TrimEnd('\r');
        var message = $"This file is not {Expected}: it does not start with BEGIN:VCALENDAR (it starts with \"{Shorten(firstLine)}\").";
        return firstLine.Contains(',', StringComparison.Ordinal)
            ? message + " It looks like a CSV spreadsheet; choose a CSV format instead."
            : message;
    }

    private static void Finish(CalendarEvent calendarEvent, ScheduleParseOptions options, ZoneNames zones, List<ScheduleRow> rows, List<ScheduleError> errors)
    {
        if (calendarEvent.First("STATUS")?.Value.Trim().Equals("CANCELLED", StringComparison.OrdinalIgnoreCase) == true)
        {
            return;
        }

        var summary = calendarEvent.First("SUMMARY") is { } summaryLine ? CalendarLine.Unescape(summaryLine.Value).Trim() : string.Empty;
        var repeat = calendarEvent.First("RRULE") ?? calendarEvent.First("RDATE");
        if (repeat is not null)
        {
            errors.Add(new ScheduleError(repeat.Line,
                $"the event \"{summary}\" repeats ({repeat.Name}:{Shorten(repeat.Value)}); recurring events cannot be imported. " +
                "Export the schedule with every shift as its own event (often called \"expand recurring events\")."));
            return;
        }

        var problems = calendarEvent.Problems;
        var (startsAt, endsAt) = ReadTimes(calendarEvent, options, zones, problems);
        var attendees = calendarEvent.All("ATTENDEE").ToList();
        var role = summary;
        var people = new List<string>();
        if (attendees.Count > 0)
        {
            foreach (var attendee in attendees)
            {
                var person = (attendee.Parameter("CN") is { } cn && cn.Trim().Length > 0 ? cn : StripMailto(attendee.Value)).Trim();
                if (person.Length == 0)
                {
                    problems.Add(new ScheduleError(attendee.Line, "missing person: the ATTENDEE has neither a CN name nor an email address."));
                }

                people.Add(person);
            }

            // "ED Attending - Dr. Jane Smith" with that same attendee: the role is the part before the name.
            if (Split(summary) is { } named && people.Any(p => p.Equals(named.Person, StringComparison.OrdinalIgnoreCase)))
            {
                role = named.Role;
            }

            if (role.Length == 0)
            {
                problems.Add(new ScheduleError(calendarEvent.Line, "missing role: the event has no SUMMARY."));
            }
        }
        else if (summary.Length == 0)
        {
            problems.Add(new ScheduleError(calendarEvent.Line, "missing role and person: the event has no SUMMARY and no ATTENDEE."));
        }
        else if (Split(summary) is { } split)
        {
            role = split.Role;
            people.Add(split.Person);
        }
        else
        {
            problems.Add(new ScheduleError(calendarEvent.First("SUMMARY")!.Line,
                $"cannot tell the role from the person in SUMMARY \"{summary}\": write it as \"Role - Person\" (e.g. ED Attending - Dr. Jane Smith), or add an ATTENDEE."));
        }

        if (problems.Count > 0 || startsAt is null || endsAt is null)
        {
            errors.AddRange(problems);
            return;
        }

        var unit = Unit(calendarEvent);
        rows.AddRange(people.Select(person => new ScheduleRow(calendarEvent.Line, unit, role, person, startsAt.Value, endsAt.Value)));
    }

    private static (DateTimeOffset? StartsAt, DateTimeOffset? EndsAt) ReadTimes(CalendarEvent calendarEvent, ScheduleParseOptions options, ZoneNames zones, List<ScheduleError> problems)
    {
        if (calendarEvent.First("DTSTART") is not { } startLine)
        {
            problems.Add(new ScheduleError(calendarEvent.Line, "missing DTSTART: the event does not say when the shift starts."));
            return (null, null);
        }

        var start = CalendarMoment.TryRead(startLine, zones, out var startProblem);
        if (start is null)
        {
            problems.Add(new ScheduleError(startLine.Line, startProblem!));
        }

        DateTimeOffset? endsAt = null;
        string endShown;
        if (calendarEvent.First("DTEND") is { } endLine)
        {
            endShown = $"DTEND \"{endLine.Value.Trim()}\"";
            if (CalendarMoment.TryRead(endLine, zones, out var endProblem) is { } end)
            {
                endsAt = end.Resolve(options);
            }
            else
            {
                problems.Add(new ScheduleError(endLine.Line, endProblem!));
            }
        }
        else if (calendarEvent.First("DURATION") is { } durationLine)
        {
            var duration = durationLine.Value.Trim();
            endShown = $"DURATION \"{duration}\"";
            if (!TryDuration(duration, out var days, out var exact, out var negative))
            {
                problems.Add(new ScheduleError(durationLine.Line, $"cannot read DURATION \"{duration}\": use PT12H for twelve hours or P1D for one day."));
            }
            else if (negative)
            {
                problems.Add(new ScheduleError(durationLine.Line, $"DURATION \"{duration}\" is negative; a shift must end after it starts."));
            }
            else if (start is not null)
            {
                endsAt = start.AddDays(days).Resolve(options) + exact;
            }
        }
        else if (start is { Kind: CalendarTimeKind.Date })
        {
            // RFC 5545: an all-day event without DTEND lasts that one day.
            endShown = "one day";
            endsAt = start.AddDays(1).Resolve(options);
        }
        else
        {
            problems.Add(new ScheduleError(calendarEvent.Line, "missing DTEND (or DURATION): the event does not say when the shift ends."));
            return (null, null);
        }

        if (start is null || endsAt is null)
        {
            return (null, null);
        }

        var startsAt = start.Resolve(options);
        var startShown = $"DTSTART \"{startLine.Value.Trim()}\"";
        if (endsAt < startsAt)
        {
            problems.Add(new ScheduleError(calendarEvent.Line, $"{endShown} is before {startShown}."));
        }
        else if (endsAt == startsAt)
        {
            problems.Add(new ScheduleError(calendarEvent.Line, $"{endShown} ends the event when it starts ({startShown}); a shift must end after it starts."));
        }
        else if (endsAt - startsAt > ShiftListSchedule.LongestShift)
        {
            problems.Add(new ScheduleError(calendarEvent.Line, $"the event from {startShown} to {endShown} is longer than 7 days; split it into shifts of 7 days or less."));
        }

        return (startsAt, endsAt);
    }

    private static (string Role, string Person)? Split(string summary)
    {
        var best = -1;
        var separator = string.Empty;
        foreach (var candidate in SummarySeparators)
        {
            var index = summary.IndexOf(candidate, StringComparison.Ordinal);
            if (index >= 0 && (best < 0 || index < best))
            {
                best = index;
                separator = candidate;
            }
        }

        if (best < 0)
        {
            return null;
        }

        var role = summary[..best].Trim();
        var person = summary[(best + separator.Length)..].Trim();
        return role.Length > 0 && person.Length > 0 ? (role, person) : null;
    }

    private static string? Unit(CalendarEvent calendarEvent)
    {
        if (calendarEvent.First("LOCATION") is { } location && CalendarLine.Unescape(location.Value).Trim() is { Length: > 0 } place)
        {
            return place;
        }

        return calendarEvent.All("CATEGORIES").SelectMany(c => CalendarLine.SplitList(c.Value)).Select(c => c.Trim()).FirstOrDefault(c => c.Length > 0);
    }

    private static string StripMailto(string value)
    {
        var address = value.Trim();
        return address.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? address[7..] : address;
    }

    private static bool TryDuration(string text, out int days, out TimeSpan exact, out bool negative)
    {
        days = 0;
        exact = TimeSpan.Zero;
        negative = false;
        var match = DurationPattern().Match(text);
        if (!match.Success || !DurationParts.Any(part => match.Groups[part].Success) || text.EndsWith('T'))
        {
            return false;
        }

        int Number(string group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        if (Number("w") > 520 || Number("d") > 3650 || Number("h") > 87600)
        {
            return false;
        }

        negative = match.Groups["sign"].Value == "-";
        days = (Number("w") * 7) + Number("d");
        exact = new TimeSpan(Number("h"), Number("m"), Number("s"));
        return true;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    [GeneratedRegex(@"^(?<sign>[+-])?P(?:(?<w>\d+)W)?(?:(?<d>\d+)D)?(?:T(?:(?<h>\d+)H)?(?:(?<m>\d+)M)?(?:(?<s>\d+)S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    /// <summary>One VEVENT's own properties (not those of a VALARM inside it), and problems found while reading it.</summary>
    private sealed class CalendarEvent(int line)
    {
        public int Line { get; } = line;

        public List<CalendarLine> Properties { get; } = [];

        public List<ScheduleError> Problems { get; } = [];

        public CalendarLine? First(string name) => Properties.FirstOrDefault(p => p.Name == name);

        public IEnumerable<CalendarLine> All(string name) => Properties.Where(p => p.Name == name);
    }
}
