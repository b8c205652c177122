using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;

namespace Escalation.Infrastructure.RosterSync.Parsing;

/// <summary>
/// Reads an iCalendar export with Ical.Net: one VEVENT per shift with DTSTART and DTEND or DURATION, the role and
/// person in SUMMARY (and ATTENDEE when there is one), the unit in LOCATION or CATEGORIES. Recurring events (RRULE,
/// RDATE, EXDATE, and instances moved or cancelled by RECURRENCE-ID) are expanded over the import window in the
/// event's own zone. <see cref="CalendarLayout"/> supplies the lines, so every refusal names one.
/// </summary>
internal static class CalendarSchedule
{
    private const string Expected = "an iCalendar (.ics) file";
    private const string TimeHint = "use 20261123T070000 with TZID=America/Chicago, 20261123T130000Z, or 20261123 (with VALUE=DATE) for a whole day";
    private static readonly string[] SummarySeparators = [" - ", ": ", " \u2013 ", " \u2014 "];

    // A rule that never matches (BYMONTHDAY=30;BYMONTH=2) would otherwise be searched without end.
    private static readonly EvaluationOptions Evaluation = new() { MaxUnmatchedIncrementsLimit = 10_000 };

    public static ParsedSchedule Parse(string text, ScheduleParseOptions options)
    {
        var shape = FileSniffer.Sniff(text);
        if (shape != FileShape.ICalendar)
        {
            return ParsedSchedule.Failed(ScheduleFormat.ICalendar, FileSniffer.WrongShape(shape, Expected, "Export the schedule as an iCalendar (.ics) file, or as CSV and choose a CSV format.")
                ?? NotACalendar(text));
        }

        var layout = CalendarLayout.Of(text);
        var zones = new Zones();
        var errors = new List<ScheduleError>();
        var rows = new List<ScheduleRow>();
        var stamps = new Stamps();
        stamps.Read(layout.CalendarProperties, options, zones, errors);

        var events = new List<LoadedEvent>();
        foreach (var block in layout.Events)
        {
            stamps.Read(block.Properties, options, zones, errors);
            if (!block.Complete)
            {
                errors.Add(new ScheduleError(block.Line, "this event has no END:VEVENT, so the file seems cut off; export it again."));
            }
            else if (Load(block, options, zones) is { } loaded)
            {
                events.Add(loaded);
            }
        }

        var series = events.Where(e => !e.IsOverride && e.Repeats).GroupBy(e => e.Uid, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var loaded in events)
        {
            errors.AddRange(loaded.Problems);
            if (loaded.IsOverride && series.ContainsKey(loaded.Uid))
            {
                continue;
            }

            if (loaded.Repeats)
            {
                var overrides = events.Where(e => e.IsOverride && string.Equals(e.Uid, loaded.Uid, StringComparison.Ordinal)).ToList();
                Expand(loaded, overrides, options, zones, rows, errors);
            }
            else if (loaded.IsImportable)
            {
                rows.AddRange(loaded.Rows(loaded.StartsAt!.Value, loaded.EndsAt!.Value));
            }
        }

        if (!layout.Ended && layout.Events.All(e => e.Complete))
        {
            errors.Add(new ScheduleError(0, "This calendar has no END:VCALENDAR, so the file seems cut off; export it again."));
        }

        if (layout.Events.Count == 0)
        {
            errors.Add(new ScheduleError(0, "This calendar has no shifts: it contains no events (VEVENT)."));
        }

        // Timestamp errors are found as lines are read, event errors when the event ends: list them in file order.
        return new ParsedSchedule(ScheduleFormat.ICalendar, stamps.Latest, rows.OrderBy(r => r.Line).ThenBy(r => r.StartsAt).ToList(), errors.OrderBy(e => e.Line).ToList());
    }

    private static string NotACalendar(string text)
    {
        var firstLine = text.TrimStart().Split('\n', 2)[0].TrimEnd('\r');
        var message = $"This file is not {Expected}: it does not start with BEGIN:VCALENDAR (it starts with \"{Shorten(firstLine)}\").";
        return firstLine.Contains(',', StringComparison.Ordinal)
            ? message + " It looks like a CSV spreadsheet; choose a CSV format instead."
            : message;
    }

    /// <summary>
    /// Reads one event with Ical.Net, after the checks whose failure would make Ical.Net throw for the whole event
    /// (an unreadable line, an unknown zone, a malformed RRULE), so each gets its own line and reason.
    /// </summary>
    private static LoadedEvent? Load(EventBlock block, ScheduleParseOptions options, Zones zones)
    {
        var problems = new List<ScheduleError>();
        problems.AddRange(block.Unreadable.Select(u => new ScheduleError(u.Line, $"cannot read the line \"{Shorten(u.Text)}\": expected NAME:value.")));
        foreach (var property in block.Properties.Where(p => p.Tzid is not null))
        {
            if (zones.Find(property.Tzid!) is null)
            {
                problems.Add(new ScheduleError(property.Line,
                    $"unknown time zone TZID=\"{property.Tzid}\" in {property.Name}; use a zone name such as America/Chicago (or a Windows name such as Central Standard Time)."));
            }
        }

        foreach (var rule in block.All("RRULE").Concat(block.All("EXRULE")))
        {
            if (RuleProblem(rule) is { } problem)
            {
                problems.Add(new ScheduleError(rule.Line, problem));
            }
        }

        if (problems.Count > 0)
        {
            return new LoadedEvent(block, null, problems);
        }

        CalendarEvent? calendarEvent;
        try
        {
            calendarEvent = Calendar.Load(Wrap(block.Text))?.Events.SingleOrDefault();
        }
        // Ical.Net throws assorted exception types for content it cannot read; any of them refuses this event only.
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            problems.Add(new ScheduleError(block.Line, $"cannot read this event: {Reason(exception)}."));
            return new LoadedEvent(block, null, problems);
        }

        if (calendarEvent is null)
        {
            problems.Add(new ScheduleError(block.Line, "cannot read this event."));
            return new LoadedEvent(block, null, problems);
        }

        var loaded = new LoadedEvent(block, calendarEvent, problems);
        if (loaded.IsCancelled)
        {
            return loaded;
        }

        ReadPeople(loaded);
        ReadTimes(loaded, options, zones);
        return loaded;
    }

    private static string? RuleProblem(ContentLine rule)
    {
        RecurrencePattern pattern;
        try
        {
            pattern = new RecurrencePattern(rule.Value);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
        {
            return $"cannot read {rule.Name} \"{Shorten(rule.Value)}\": {Reason(exception)}. Write the rule as RFC 5545 does, e.g. FREQ=WEEKLY;BYDAY=MO;COUNT=4.";
        }

        return pattern.Frequency is FrequencyType.Secondly or FrequencyType.Minutely
            ? $"{rule.Name} \"{Shorten(rule.Value)}\" repeats every {(pattern.Frequency == FrequencyType.Secondly ? "second" : "minute")}; a shift repeats at most hourly. Check the rule."
            : null;
    }

    /// <summary>
    /// The occurrences of a recurring event in the window, with its moved and cancelled instances, each lasting as the
    /// event (or its override) says.
    /// </summary>
    private static void Expand(LoadedEvent master, List<LoadedEvent> overrides, ScheduleParseOptions options, Zones zones, List<ScheduleRow> rows, List<ScheduleError> errors)
    {
        if (!master.IsImportable || overrides.Any(o => o.Event is null))
        {
            return;
        }

        var from = options.ExpandFrom ?? master.StartsAt!.Value;
        var until = options.ExpandUntil ?? from + ScheduleParseOptions.RecurrenceHorizon;
        var members = new List<LoadedEvent> { master };
        members.AddRange(overrides);
        List<Occurrence> occurrences;
        try
        {
            var calendar = Calendar.Load(Wrap(string.Concat(members.Select(m => m.Block.Text))))
                ?? throw new InvalidOperationException("the events could not be read together");
            var sources = calendar.Events.ToList();

            // From a longest shift earlier, so an occurrence that began before the window and runs into it is kept.
            occurrences = calendar.GetOccurrences(Utc(from - ShiftListSchedule.LongestShift), Evaluation)
                .TakeWhileBefore(Utc(until))
                .Take(ScheduleParseOptions.MaxOccurrences + 1)
                .ToList();
            if (occurrences.Count > ScheduleParseOptions.MaxOccurrences)
            {
                errors.Add(new ScheduleError(master.Block.Line,
                    $"the event \"{master.Summary}\" repeats more than {ScheduleParseOptions.MaxOccurrences} times between {from:yyyy-MM-dd} and {until:yyyy-MM-dd}; " +
                    "a roster shift repeats at most a few times a day. Check its RRULE and RDATE."));
                return;
            }

            foreach (var occurrence in occurrences)
            {
                // By reference: Ical.Net's events compare equal by UID, and an override shares its series' UID.
                var member = members[sources.FindIndex(s => ReferenceEquals(s, occurrence.Source))];
                if (member.IsCancelled || !member.IsImportable)
                {
                    continue;
                }

                if (Moment.From(occurrence.Period.StartTime, zones) is not { } start)
                {
                    continue;
                }

                var (startsAt, endsAt) = member.Span(start, options);
                if (endsAt > from && startsAt < until)
                {
                    rows.AddRange(member.Rows(startsAt, endsAt));
                }
            }
        }
        catch (Exception exception) when (exception is EvaluationException or ArgumentException or InvalidOperationException)
        {
            var reason = exception is EvaluationLimitExceededException ? "its rule matches no date (e.g. February 30)" : Reason(exception);
            errors.Add(new ScheduleError(master.Block.Line, $"the event \"{master.Summary}\" repeats in a way that cannot be worked out: {reason}. Check its RRULE."));
        }
    }

    private static void ReadPeople(LoadedEvent loaded)
    {
        var calendarEvent = loaded.Event!;
        var problems = loaded.Problems;
        var summary = loaded.Summary;
        var role = summary;
        var people = new List<string>();
        var attendees = calendarEvent.Attendees.ToList();
        if (attendees.Count > 0)
        {
            var attendeeLines = loaded.Block.All("ATTENDEE").ToList();
            for (var i = 0; i < attendees.Count; i++)
            {
                var attendee = attendees[i];
                var person = (attendee.CommonName is { } cn && cn.Trim().Length > 0 ? cn : StripMailto(attendee.Value?.OriginalString ?? string.Empty)).Trim();
                if (person.Length == 0)
                {
                    problems.Add(new ScheduleError(i < attendeeLines.Count ? attendeeLines[i].Line : loaded.Block.Line, "missing person: the ATTENDEE has neither a CN name nor an email address."));
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
                problems.Add(new ScheduleError(loaded.Block.Line, "missing role: the event has no SUMMARY."));
            }
        }
        else if (summary.Length == 0)
        {
            problems.Add(new ScheduleError(loaded.Block.Line, "missing role and person: the event has no SUMMARY and no ATTENDEE."));
        }
        else if (Split(summary) is { } split)
        {
            role = split.Role;
            people.Add(split.Person);
        }
        else
        {
            problems.Add(new ScheduleError(loaded.Block.First("SUMMARY")?.Line ?? loaded.Block.Line,
                $"cannot tell the role from the person in SUMMARY \"{summary}\": write it as \"Role - Person\" (e.g. ED Attending - Dr. Jane Smith), or add an ATTENDEE."));
        }

        loaded.Role = role;
        loaded.People = people;
    }

    private static void ReadTimes(LoadedEvent loaded, ScheduleParseOptions options, Zones zones)
    {
        var calendarEvent = loaded.Event!;
        var block = loaded.Block;
        var problems = loaded.Problems;
        if (block.First("DTSTART") is not { } startLine)
        {
            problems.Add(new ScheduleError(block.Line, "missing DTSTART: the event does not say when the shift starts."));
            return;
        }

        var start = calendarEvent.DtStart is { } dtStart ? Moment.From(dtStart, zones) : null;
        if (start is null)
        {
            problems.Add(new ScheduleError(startLine.Line, $"cannot read DTSTART \"{startLine.Value}\": {TimeHint}."));
        }

        string endShown;
        if (block.First("DTEND") is { } endLine)
        {
            endShown = $"DTEND \"{endLine.Value}\"";
            if (calendarEvent.DtEnd is { } dtEnd)
            {
                loaded.End = Moment.From(dtEnd, zones);
            }
            else
            {
                problems.Add(new ScheduleError(endLine.Line, $"cannot read DTEND \"{endLine.Value}\": {TimeHint}."));
            }
        }
        else if (block.First("DURATION") is { } durationLine)
        {
            endShown = $"DURATION \"{durationLine.Value}\"";
            if (calendarEvent.Duration is not { } duration)
            {
                problems.Add(new ScheduleError(durationLine.Line, $"cannot read DURATION \"{durationLine.Value}\": use PT12H for twelve hours or P1D for one day."));
            }
            else if (duration.Sign < 0)
            {
                problems.Add(new ScheduleError(durationLine.Line, $"DURATION \"{durationLine.Value}\" is negative; a shift must end after it starts."));
            }
            else
            {
                loaded.Duration = duration;
            }
        }
        else if (start is { Kind: MomentKind.Date })
        {
            // RFC 5545: an all-day event without DTEND lasts that one day.
            endShown = "one day";
            loaded.Duration = Duration.FromDays(1);
        }
        else
        {
            problems.Add(new ScheduleError(block.Line, "missing DTEND (or DURATION): the event does not say when the shift ends."));
            return;
        }

        if (start is null || (loaded.End is null && loaded.Duration is null))
        {
            return;
        }

        loaded.Start = start;
        var (startsAt, endsAt) = loaded.Span(start, options);
        var startShown = $"DTSTART \"{startLine.Value}\"";
        if (endsAt < startsAt)
        {
            problems.Add(new ScheduleError(block.Line, $"{endShown} is before {startShown}."));
        }
        else if (endsAt == startsAt)
        {
            problems.Add(new ScheduleError(block.Line, $"{endShown} ends the event when it starts ({startShown}); a shift must end after it starts."));
        }
        else if (endsAt - startsAt > ShiftListSchedule.LongestShift)
        {
            problems.Add(new ScheduleError(block.Line, $"the event from {startShown} to {endShown} is longer than 7 days; split it into shifts of 7 days or less."));
        }

        loaded.StartsAt = startsAt;
        loaded.EndsAt = endsAt;
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

    private static string StripMailto(string value)
    {
        var address = value.Trim();
        return address.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? address[7..] : address;
    }

    private static string Wrap(string events) => $"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n";

    private static CalDateTime Utc(DateTimeOffset at) => new(at.UtcDateTime, "UTC", true);

    /// <summary>The library's message without .NET's "(Parameter 'x')" suffix, which means nothing to an administrator.</summary>
    private static string Reason(Exception exception)
    {
        var message = exception.Message;
        var parameter = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return (parameter >= 0 ? message[..parameter] : message).TrimEnd('.');
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    /// <summary>LAST-MODIFIED and DTSTAMP of the calendar and its events: the latest LAST-MODIFIED, else the latest DTSTAMP.</summary>
    private sealed class Stamps
    {
        private DateTimeOffset? _lastModified;
        private DateTimeOffset? _stamped;

        public DateTimeOffset? Latest => _lastModified ?? _stamped;

        public void Read(IEnumerable<ContentLine> properties, ScheduleParseOptions options, Zones zones, List<ScheduleError> errors)
        {
            foreach (var property in properties.Where(p => p.Name is "LAST-MODIFIED" or "DTSTAMP"))
            {
                if (Moment.Read(property, zones) is not { } moment)
                {
                    errors.Add(new ScheduleError(property.Line, $"cannot read {property.Name} \"{property.Value}\": {TimeHint}."));
                    continue;
                }

                var at = moment.Resolve(options);
                if (property.Name == "LAST-MODIFIED")
                {
                    _lastModified = _lastModified > at ? _lastModified : at;
                }
                else
                {
                    _stamped = _stamped > at ? _stamped : at;
                }
            }
        }
    }

    /// <summary>One VEVENT as Ical.Net read it, with what was found wrong and, once read, its people and times.</summary>
    private sealed class LoadedEvent(EventBlock block, CalendarEvent? calendarEvent, List<ScheduleError> problems)
    {
        public EventBlock Block { get; } = block;

        public CalendarEvent? Event { get; } = calendarEvent;

        public List<ScheduleError> Problems { get; } = problems;

        public string Summary => Event?.Summary?.Trim() ?? string.Empty;

        public string Uid => Event?.Uid ?? string.Empty;

        public bool IsOverride => Event?.RecurrenceIdentifier is not null;

        public bool IsCancelled => string.Equals(Event?.Status?.Trim(), "CANCELLED", StringComparison.OrdinalIgnoreCase);

        public bool Repeats => Event is not null && !IsCancelled && (Event.RecurrenceRule is not null || Event.RecurrenceDates.GetAllDates().Any());

        public bool IsImportable => Event is not null && !IsCancelled && Problems.Count == 0 && StartsAt is not null && EndsAt is not null;

        public string Role { get; set; } = string.Empty;

        public IReadOnlyList<string> People { get; set; } = [];

        public Moment? Start { get; set; }

        public Moment? End { get; set; }

        public Duration? Duration { get; set; }

        public DateTimeOffset? StartsAt { get; set; }

        public DateTimeOffset? EndsAt { get; set; }

        /// <summary>
        /// The instants of a shift of this event starting at <paramref name="start"/>. An end in the start's zone keeps
        /// its wall-clock distance, so a 07:00-to-07:00 on-call still hands off at 07:00 after a daylight-saving change
        /// (25 hours that night); Ical.Net would carry the exact duration of the first one. A DURATION's days are
        /// calendar days and its hours exact, as RFC 5545 says.
        /// </summary>
        public (DateTimeOffset StartsAt, DateTimeOffset EndsAt) Span(Moment start, ScheduleParseOptions options)
        {
            var startsAt = start.Resolve(options);
            if (End is { } end)
            {
                var first = Start ?? start;
                if (end.SameClock(first))
                {
                    return (startsAt, start.Plus(end.Wall - first.Wall, end.Kind).Resolve(options));
                }

                return (startsAt, startsAt + (end.Resolve(options) - first.Resolve(options)));
            }

            var duration = Duration!.Value;
            var days = ((duration.Weeks ?? 0) * 7) + (duration.Days ?? 0);
            var exact = new TimeSpan(duration.Hours ?? 0, duration.Minutes ?? 0, duration.Seconds ?? 0);
            return (startsAt, start.Plus(TimeSpan.FromDays(days), start.Kind).Resolve(options) + exact);
        }

        public IEnumerable<ScheduleRow> Rows(DateTimeOffset startsAt, DateTimeOffset endsAt)
        {
            var unit = Event!.Location?.Trim() is { Length: > 0 } place ? place : Event.Categories.Select(c => c.Trim()).FirstOrDefault(c => c.Length > 0);
            return People.Select(person => new ScheduleRow(Block.Line, unit, Role, person, startsAt, endsAt));
        }
    }

    /// <summary>The ways iCalendar pins a time down (RFC 5545 section 3.3.5 and 3.3.4).</summary>
    private enum MomentKind
    {
        Utc,
        Zoned,

        /// <summary>No TZID: wall clock wherever the reader is, here the import's zone.</summary>
        Floating,

        /// <summary>VALUE=DATE: an all-day event, placed at the day-grid hand-off.</summary>
        Date,
    }

    /// <summary>
    /// A time as written (wall clock and how to place it), turned into an instant by <see cref="ZoneClock"/> as the CSV
    /// layouts are, so a roster time in a daylight-saving gap or overlap means the same in every format.
    /// </summary>
    private sealed record Moment(MomentKind Kind, DateTime Wall, TimeZoneInfo? Zone)
    {
        public static Moment? From(CalDateTime value, Zones zones)
        {
            var wall = DateTime.SpecifyKind(value.Value, DateTimeKind.Unspecified);
            if (!value.HasTime)
            {
                return new Moment(MomentKind.Date, wall, null);
            }

            if (value.IsUtc)
            {
                return new Moment(MomentKind.Utc, wall, null);
            }

            if (value.IsFloating || string.IsNullOrEmpty(value.TzId))
            {
                return new Moment(MomentKind.Floating, wall, null);
            }

            return zones.Find(value.TzId) is { } zone ? new Moment(MomentKind.Zoned, wall, zone) : null;
        }

        /// <summary>A LAST-MODIFIED or DTSTAMP value, which Ical.Net reads with the property's own TZID.</summary>
        public static Moment? Read(ContentLine property, Zones zones)
        {
            try
            {
                return From(new CalDateTime(property.Value, property.Tzid), zones);
            }
            catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
            {
                return null;
            }
        }

        public DateTimeOffset Resolve(ScheduleParseOptions options) => Kind switch
        {
            MomentKind.Utc => new DateTimeOffset(Wall, TimeSpan.Zero),
            MomentKind.Zoned => ZoneClock.ToUtc(Wall, Zone!),
            MomentKind.Floating => ZoneClock.ToUtc(Wall, options.Zone),
            _ => ZoneClock.ToUtc(DateOnly.FromDateTime(Wall).ToDateTime(options.DayGridHandoff), options.Zone),
        };

        public bool SameClock(Moment other) => Kind == other.Kind && Zone?.Id == other.Zone?.Id;

        /// <summary>The wall clock moved by <paramref name="offset"/>; an all-day start with a timed end takes the end's kind.</summary>
        public Moment Plus(TimeSpan offset, MomentKind kind) => this with { Wall = Wall + offset, Kind = Kind == MomentKind.Date ? kind : Kind };
    }

    /// <summary>TZID names resolved once per file by Ical.Net's resolver (IANA, Windows and Mozilla-prefixed names) to the system's zones.</summary>
    private sealed class Zones
    {
        private readonly Dictionary<string, TimeZoneInfo?> _found = new(StringComparer.OrdinalIgnoreCase);

        public TimeZoneInfo? Find(string tzid)
        {
            if (!_found.TryGetValue(tzid, out var zone))
            {
                zone = Lookup(tzid.Trim().Trim('"'));
                _found[tzid] = zone;
            }

            return zone;
        }

        private static TimeZoneInfo? Lookup(string tzid)
        {
            if (tzid.Length == 0)
            {
                return null;
            }

            try
            {
                var resolved = TimeZoneResolvers.Default(tzid);
                return resolved is not null && TimeZoneInfo.TryFindSystemTimeZoneById(resolved.Id, out var zone) ? zone : null;
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or KeyNotFoundException)
            {
                return null;
            }
        }
    }
}
