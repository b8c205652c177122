using System.Globalization;
using Escalation.Infrastructure.Roster;

namespace Escalation.Web.Components.Pages.Roster;

/// <summary>What a bar of the roster timeline stands for: somebody on duty, only a backup contact, or nobody (a gap).</summary>
public enum TimelineBarKind
{
    OnDuty,
    BackupOnly,
    Gap,
}

/// <summary>One bar: where it sits on the track (percent of the week), what it says, and which of the holder colours it takes.</summary>
public sealed record TimelineBar(double Left, double Width, TimelineBarKind Kind, string Label, string Title, int Colour)
{
    public string LeftCss => Left.ToString("0.###", CultureInfo.InvariantCulture);

    public string WidthCss => Width.ToString("0.###", CultureInfo.InvariantCulture);
}

public sealed record TimelineTick(double Left, string Label)
{
    public string LeftCss => Left.ToString("0.###", CultureInfo.InvariantCulture);
}

public sealed record TimelineRow(string Role, IReadOnlyList<TimelineBar> Bars);

/// <summary>
/// The week's roster drawn as tracks: every segment placed by its start and length, local midnights as ticks, and a
/// holder's colour stable across reloads and nodes. Kept out of the component so the geometry can be tested as numbers.
/// </summary>
public sealed class RosterTimelineLayout
{
    /// <summary>How many holder colours the drawing cycles through (the component's CSS defines as many).</summary>
    public const int Colours = 6;

    private RosterTimelineLayout(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<TimelineTick> ticks, IReadOnlyList<TimelineRow> rows)
    {
        (From, To, Ticks, Rows) = (from, to, ticks, rows);
    }

    public DateTimeOffset From { get; }

    public DateTimeOffset To { get; }

    public IReadOnlyList<TimelineTick> Ticks { get; }

    public IReadOnlyList<TimelineRow> Rows { get; }

    public static RosterTimelineLayout For(UnitRosterView view, TimeZoneInfo zone)
    {
        var from = view.Week.FirstOrDefault()?.Segments.FirstOrDefault()?.StartsAt ?? view.At;
        var to = view.Week.FirstOrDefault()?.Segments.LastOrDefault()?.EndsAt ?? view.At.AddDays(7);
        var length = Math.Max((to - from).TotalSeconds, 1);
        double Percent(DateTimeOffset at) => 100.0 * (at - from).TotalSeconds / length;

        var ticks = Midnights(from, to, zone).Select(day => new TimelineTick(Percent(day), TimeText.Day(day, zone))).ToList();
        var rows = view.Week.Select(role => new TimelineRow(role.Role, role.Segments.Select(segment =>
        {
            var kind = segment.Holders.Count == 0 ? TimelineBarKind.Gap
                : segment.Holders.All(h => h.IsBackup) ? TimelineBarKind.BackupOnly
                : TimelineBarKind.OnDuty;
            var label = kind == TimelineBarKind.Gap ? "Nobody" : string.Join(", ", segment.Holders.Select(h => h.DisplayName));
            var title = $"{label}: {TimeText.When(segment.StartsAt, zone)} – {TimeText.When(segment.EndsAt, zone)}";
            var colour = kind == TimelineBarKind.Gap ? -1 : (int)((uint)StableHash(segment.Holders[0].UserId) % Colours);
            return new TimelineBar(Percent(segment.StartsAt), 100.0 * (segment.EndsAt - segment.StartsAt).TotalSeconds / length, kind, label, title, colour);
        }).ToList())).ToList();
        return new RosterTimelineLayout(from, to, ticks, rows);
    }

    /// <summary>Each local midnight after <paramref name="from"/> and before <paramref name="to"/>, as an instant (a DST day is 23 or 25 hours).</summary>
    private static IEnumerable<DateTimeOffset> Midnights(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        for (var day = TimeZoneInfo.ConvertTime(from, zone).Date.AddDays(1); ; day = day.AddDays(1))
        {
            var instant = new DateTimeOffset(day, zone.GetUtcOffset(day));
            if (instant >= to)
            {
                yield break;
            }

            yield return instant;
        }
    }

    /// <summary>string.GetHashCode differs per process; a person keeps their colour across reloads and nodes.</summary>
    private static int StableHash(string text) => text.Aggregate(17, (hash, c) => unchecked(hash * 31 + c));
}
