using Escalation.Infrastructure.RosterSync;

namespace Escalation.Infrastructure.Roster;

/// <summary>How quickly a source's changes reached the roster: one place computes it for the roster page, the export and metrics.</summary>
public sealed record SyncLag(int Changes, int Timely, double? ShareTimely)
{
    /// <summary>
    /// The share of [from, to) during which the source was stale: more than <paramref name="staleAfter"/> since we last
    /// confirmed it (an applied or unchanged import), counting from when the source was set up.
    /// </summary>
    public static double StaleShare(IEnumerable<DateTimeOffset> confirmations, DateTimeOffset createdAt, DateTimeOffset from, DateTimeOffset to, TimeSpan staleAfter)
    {
        var start = createdAt > from ? createdAt : from;
        if (start >= to)
        {
            return 0;
        }

        var points = confirmations.Where(c => c < to).Append(createdAt).Order().ToList();
        var stale = TimeSpan.Zero;
        for (var i = 0; i < points.Count; i++)
        {
            // Between one confirmation and the next (or the end), the source is stale from confirmation + staleAfter.
            var staleFrom = points[i] + staleAfter;
            var until = i + 1 < points.Count ? points[i + 1] : to;
            var a = staleFrom > start ? staleFrom : start;
            var b = until < to ? until : to;
            if (b > a)
            {
                stale += b - a;
            }
        }

        return stale / (to - start);
    }

    public static SyncLag Of(IEnumerable<ScheduleImport> applied, TimeSpan within)
    {
        var lags = applied.Select(i => i.Lag).Where(l => l is not null).Select(l => l!.Value).ToList();
        var timely = lags.Count(l => l <= within);
        return new SyncLag(lags.Count, timely, lags.Count == 0 ? null : (double)timely / lags.Count);
    }
}
