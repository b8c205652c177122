using System.Globalization;
using System.Text.RegularExpressions;

namespace Escalation.Infrastructure.RosterSync.Parsing;

/// <summary>
/// A date and/or time as a spreadsheet wrote it, before any zone is applied. Only two spellings are accepted, ISO 8601
/// (2026-11-23 07:00, 2026-11-23T07:00:00Z, +01:00 offsets) and US (11/23/2026 7:00 AM, 11/23/2026 19:00), because
/// guessing between day-first and month-first orders would put a shift in the wrong month without anyone noticing.
/// 24:00 is read as midnight at the end of the day, since rosters write shift ends that way.
/// </summary>
internal sealed partial record WrittenMoment(DateOnly? Date, TimeOnly? Time, bool EndOfDay, TimeSpan? Offset)
{
    public const string DateTimeExamples = "2026-11-23 07:00 or 11/23/2026 7:00 AM";
    public const string DateTimeHint = "use " + DateTimeExamples;
    public const string DateHint = "use 2026-11-23 or 11/23/2026";
    public const string TimeHint = "use 07:00, 19:00 or 7:00 AM";

    private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    public bool HasDate => Date is not null;

    public bool HasTime => Time is not null;

    /// <summary>
    /// The value as a plain date: a date alone, or at midnight because spreadsheets write date cells as
    /// "11/23/2026 0:00"; null when it carries a real time of day.
    /// </summary>
    public DateOnly? AsDate => Date is { } date && (Time is null || (Time == TimeOnly.MinValue && !EndOfDay && Offset is null)) ? date : null;

    /// <summary>Reads a date, a time, or both; null when the text is neither spelling.</summary>
    public static WrittenMoment? TryRead(string text)
    {
        var value = text.Trim();
        if (value.Length == 0)
        {
            return null;
        }

        var iso = IsoPattern().Match(value);
        if (iso.Success)
        {
            if (!TryDate(iso.Groups["y"].Value, iso.Groups["mo"].Value, iso.Groups["d"].Value, out var date))
            {
                return null;
            }

            return WithTime(date, iso, iso.Groups["off"].Value);
        }

        var us = UsPattern().Match(value);
        if (us.Success)
        {
            var year = us.Groups["y"].Value;
            if (year.Length == 2)
            {
                year = "20" + year;
            }

            if (!TryDate(year, us.Groups["mo"].Value, us.Groups["d"].Value, out var date))
            {
                return null;
            }

            return WithTime(date, us, offsetText: string.Empty);
        }

        var timeOnly = TimeOnlyPattern().Match(value);
        if (timeOnly.Success && TryTime(timeOnly, out var time, out var endOfDay))
        {
            return new WrittenMoment(null, time, endOfDay, null);
        }

        return null;
    }

    /// <summary>The wall-clock date and time, with 24:00 carried into the next day.</summary>
    public DateTime WallClock(DateOnly date, TimeOnly time) => date.ToDateTime(time).AddDays(EndOfDay ? 1 : 0);

    /// <summary>The instant, honouring a written offset, else reading the wall clock in <paramref name="zone"/>.</summary>
    public DateTimeOffset Resolve(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var wall = WallClock(date, time);
        return Offset is { } offset ? new DateTimeOffset(wall, offset).ToUniversalTime() : ZoneClock.ToUtc(wall, zone);
    }

    private static WrittenMoment? WithTime(DateOnly date, Match match, string offsetText)
    {
        if (!match.Groups["h"].Success)
        {
            return offsetText.Length > 0 ? null : new WrittenMoment(date, null, false, null);
        }

        if (!TryTime(match, out var time, out var endOfDay))
        {
            return null;
        }

        TimeSpan? offset = null;
        if (offsetText.Length > 0)
        {
            if (!TryOffset(offsetText, out var parsed))
            {
                return null;
            }

            offset = parsed;
        }

        return new WrittenMoment(date, time, endOfDay, offset);
    }

    private static bool TryDate(string year, string month, string day, out DateOnly date)
    {
        date = default;
        var y = int.Parse(year, CultureInfo.InvariantCulture);
        var m = int.Parse(month, CultureInfo.InvariantCulture);
        var d = int.Parse(day, CultureInfo.InvariantCulture);
        if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            return false;
        }

        date = new DateOnly(y, m, d);
        return true;
    }

    private static bool TryTime(Match match, out TimeOnly time, out bool endOfDay)
    {
        time = default;
        endOfDay = false;
        var hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = match.Groups["mi"].Success ? int.Parse(match.Groups["mi"].Value, CultureInfo.InvariantCulture) : 0;
        var second = match.Groups["s"].Success ? int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
        var ampm = match.Groups["ap"].Value;
        if (!match.Groups["mi"].Success && ampm.Length == 0)
        {
            return false;
        }

        if (minute > 59 || second > 59)
        {
            return false;
        }

        if (ampm.Length > 0)
        {
            if (hour is < 1 or > 12)
            {
                return false;
            }

            var pm = char.ToUpperInvariant(ampm[0]) == 'P';
            hour = (hour % 12) + (pm ? 12 : 0);
        }
        else if (hour == 24 && minute == 0 && second == 0)
        {
            endOfDay = true;
            hour = 0;
        }
        else if (hour > 23)
        {
            return false;
        }

        var ticks = 0L;
        if (match.Groups["f"].Success)
        {
            ticks = long.Parse(match.Groups["f"].Value.PadRight(7, '0'), CultureInfo.InvariantCulture);
        }

        time = new TimeOnly(hour, minute, second).Add(TimeSpan.FromTicks(ticks));
        return true;
    }

    private static bool TryOffset(string text, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (text is "Z" or "z")
        {
            return true;
        }

        var digits = text[1..].Replace(":", string.Empty, StringComparison.Ordinal);
        var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
        var minutes = digits.Length > 2 ? int.Parse(digits[2..], CultureInfo.InvariantCulture) : 0;
        if (minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (text[0] == '-')
        {
            offset = -offset;
        }

        return offset.Duration() <= MaxOffset;
    }

    private const string TimePart = @"(?<h>\d{1,2})(?::(?<mi>\d{2})(?::(?<s>\d{2})(?:\.(?<f>\d{1,7}))?)?)?\s*(?<ap>[AaPp]\.?[Mm]\.?)?";

    [GeneratedRegex(@"^(?<y>\d{4})-(?<mo>\d{1,2})-(?<d>\d{1,2})(?:(?:T|\s+)" + TimePart + @"\s*(?<off>Z|z|[+-]\d{2}(?::?\d{2})?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoPattern();

    [GeneratedRegex(@"^(?<mo>\d{1,2})/(?<d>\d{1,2})/(?<y>\d{4}|\d{2})(?:\s+" + TimePart + ")?$", RegexOptions.CultureInvariant)]
    private static partial Regex UsPattern();

    [GeneratedRegex("^" + TimePart + "$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeOnlyPattern();
}
