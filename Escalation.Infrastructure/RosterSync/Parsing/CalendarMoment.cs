using System.Globalization;
using System.Text.RegularExpressions;

namespace Escalation.Infrastructure.RosterSync.Parsing;

/// <summary>The four ways iCalendar pins a time down (RFC 5545 section 3.3.5 and 3.3.4).</summary>
internal enum CalendarTimeKind
{
    /// <summary>20261123T130000Z.</summary>
    Utc,

    /// <summary>TZID=America/Chicago:20261123T070000.</summary>
    Zoned,

    /// <summary>20261123T070000 with no TZID: wall clock wherever the reader is, here the import's zone.</summary>
    Floating,

    /// <summary>VALUE=DATE:20261123: an all-day event, placed at the day-grid hand-off.</summary>
    Date,
}

/// <summary>
/// A DTSTART, DTEND, LAST-MODIFIED or DTSTAMP value as written, kept as wall clock plus how to place it, so a DURATION
/// of whole days can move the wall clock (P1D spans a daylight-saving change as one calendar day, as RFC 5545 says).
/// </summary>
internal sealed partial record CalendarMoment(CalendarTimeKind Kind, DateTime Wall, TimeZoneInfo? Zone, string Raw)
{
    public const string Hint = "use 20261123T070000 with TZID=America/Chicago, 20261123T130000Z, or 20261123 (with VALUE=DATE) for a whole day";

    public DateTimeOffset Resolve(ScheduleParseOptions options) => Kind switch
    {
        CalendarTimeKind.Utc => new DateTimeOffset(Wall, TimeSpan.Zero),
        CalendarTimeKind.Zoned => ZoneClock.ToUtc(Wall, Zone!),
        CalendarTimeKind.Floating => ZoneClock.ToUtc(Wall, options.Zone),
        _ => ZoneClock.ToUtc(DateOnly.FromDateTime(Wall).ToDateTime(options.DayGridHandoff), options.Zone),
    };

    public CalendarMoment AddDays(int days) => this with { Wall = Wall.AddDays(days) };

    /// <summary>
    /// Reads the property's value; on failure returns null with the reason (an unreadable value, or a TZID that is
    /// neither an IANA nor a Windows zone name).
    /// </summary>
    public static CalendarMoment? TryRead(CalendarLine property, ZoneNames zones, out string? problem)
    {
        problem = null;
        var raw = property.Value.Trim();
        var match = Pattern().Match(raw);
        if (!match.Success || !TryWall(match, out var wall))
        {
            problem = $"cannot read {property.Name} \"{raw}\": {Hint}.";
            return null;
        }

        if (!match.Groups["h"].Success)
        {
            return new CalendarMoment(CalendarTimeKind.Date, wall, null, raw);
        }

        if (match.Groups["z"].Success)
        {
            return new CalendarMoment(CalendarTimeKind.Utc, wall, null, raw);
        }

        if (property.Parameter("TZID") is { Length: > 0 } tzid)
        {
            if (zones.Find(tzid) is not { } zone)
            {
                problem = $"unknown time zone TZID=\"{tzid}\" in {property.Name}; use a zone name such as America/Chicago (or a Windows name such as Central Standard Time).";
                return null;
            }

            return new CalendarMoment(CalendarTimeKind.Zoned, wall, zone, raw);
        }

        return new CalendarMoment(CalendarTimeKind.Floating, wall, null, raw);
    }

    private static bool TryWall(Match match, out DateTime wall)
    {
        wall = default;
        int Number(string group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        var (year, month, day) = (Number("y"), Number("mo"), Number("d"));
        var (hour, minute, second) = (Number("h"), Number("mi"), Number("s"));
        if (year < 1900 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        // A leap second (:60) is read as the last second of the minute.
        wall = new DateTime(year, month, day, hour, minute, Math.Min(second, 59), DateTimeKind.Unspecified);
        return true;
    }

    [GeneratedRegex(@"^(?<y>\d{4})(?<mo>\d{2})(?<d>\d{2})(?:[Tt](?<h>\d{2})(?<mi>\d{2})(?<s>\d{2})?(?<z>[Zz])?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>
/// Resolves TZID names to zones by name, remembering each answer for the file: IANA names, Windows names (Outlook
/// writes "Central Standard Time"), and old Mozilla-style prefixed names ("/mozilla.org/.../America/Chicago").
/// VTIMEZONE definitions are not used: the system's rules for a named zone are more trustworthy than a file's copy.
/// </summary>
internal sealed class ZoneNames
{
    private readonly Dictionary<string, TimeZoneInfo?> _found = new(StringComparer.OrdinalIgnoreCase);

    public TimeZoneInfo? Find(string tzid)
    {
        if (_found.TryGetValue(tzid, out var known))
        {
            return known;
        }

        var zone = Candidates(tzid.Trim().Trim('"')).Select(Lookup).FirstOrDefault(z => z is not null);
        _found[tzid] = zone;
        return zone;
    }

    private static IEnumerable<string> Candidates(string id)
    {
        yield return id;
        for (var slash = id.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = id.IndexOf('/', slash + 1))
        {
            if (slash + 1 < id.Length)
            {
                yield return id[(slash + 1)..];
            }
        }
    }

    private static TimeZoneInfo? Lookup(string id)
    {
        if (id.Length == 0)
        {
            return null;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return zone;
        }

        return TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana) && TimeZoneInfo.TryFindSystemTimeZoneById(iana, out zone) ? zone : null;
    }
}
