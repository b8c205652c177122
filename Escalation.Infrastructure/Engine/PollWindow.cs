namespace Escalation.Infrastructure.Engine;

/// <summary>
/// Which audit entries <see cref="ClusterPolling"/> has already handed on, and which it must read again. Identity
/// values are taken when a row is inserted but become visible when its transaction commits, so under concurrency
/// entry 101 can be read before entry 100 commits. Every id skipped below the high-water mark is kept as a gap and
/// read again on each poll until it turns up (a late commit, delivered then) or is older than the look-back (a rolled
/// back insert or an identity jump, which never will). Not thread-safe: one poller owns it. docs/decisions/033.
/// </summary>
internal sealed class PollWindow(TimeSpan lookBack)
{
    private readonly List<Gap> _gaps = [];
    private long _highWater;

    /// <summary>Highest id seen; 0 before <see cref="Begin"/>.</summary>
    public long HighWater => _highWater;

    /// <summary>The lowest id the next poll reads (inclusive): the oldest open gap, else just above the high-water mark.</summary>
    public long Floor => _gaps.Count == 0 ? _highWater + 1 : Math.Min(_highWater + 1, _gaps.Min(g => g.From));

    /// <summary>Ids skipped and still awaited, for tests and logs.</summary>
    public long OpenGapIds => _gaps.Sum(g => g.To - g.From + 1);

    /// <summary>
    /// The awaited ids below the high-water mark as ranges to read again, lowest first; more than
    /// <paramref name="max"/> of them become one range from the oldest to the newest (a bigger read, a shorter query).
    /// </summary>
    public IReadOnlyList<(long From, long To)> ReadRanges(int max)
    {
        var ranges = _gaps.OrderBy(g => g.From).Select(g => (g.From, g.To)).ToList();
        return ranges.Count <= max ? ranges : [(ranges[0].From, ranges.Max(r => r.To))];
    }

    /// <summary>
    /// Starts after the entries that exist now: <paramref name="recentIds"/> are the latest ones (a short tail up to
    /// the current maximum); nothing is delivered for them, but ids missing among them may still commit, so they
    /// start as gaps.
    /// </summary>
    public void Begin(IReadOnlyCollection<long> recentIds, DateTimeOffset now)
    {
        _gaps.Clear();
        _highWater = 0;
        if (recentIds.Count == 0)
        {
            return;
        }

        var ordered = recentIds.Order().ToList();
        _highWater = ordered[0] - 1;
        foreach (var id in ordered)
        {
            Record(id, now);
        }
    }

    /// <summary>
    /// Takes one poll's rows (id, message id, written by this node), read from <see cref="Floor"/> up; answers the
    /// ids of messages whose entries are new, in id order, once each, leaving out entries this node wrote (its own
    /// screens already heard) and entries of no message.
    /// </summary>
    public IReadOnlyList<Guid> Accept(IEnumerable<(long Id, Guid? MessageId, bool Local)> rows, DateTimeOffset now)
    {
        var changed = new List<Guid>();
        foreach (var (id, messageId, local) in rows.OrderBy(r => r.Id))
        {
            if (!Record(id, now) || local || messageId is not { } message || changed.Contains(message))
            {
                continue;
            }

            changed.Add(message);
        }

        _gaps.RemoveAll(g => now - g.Since > lookBack);
        return changed;
    }

    /// <summary>True when <paramref name="id"/> was not seen before (new above the mark, or a gap filled late).</summary>
    private bool Record(long id, DateTimeOffset now)
    {
        if (id > _highWater)
        {
            if (id > _highWater + 1)
            {
                _gaps.Add(new Gap(_highWater + 1, id - 1, now));
            }

            _highWater = id;
            return true;
        }

        var index = _gaps.FindIndex(g => g.From <= id && id <= g.To);
        if (index < 0)
        {
            // Not awaited: seen already, or a gap given up. Below the mark, only an open gap holds news.
            return false;
        }

        var gap = _gaps[index];
        _gaps.RemoveAt(index);
        if (gap.From < id)
        {
            _gaps.Add(gap with { To = id - 1 });
        }

        if (id < gap.To)
        {
            _gaps.Add(gap with { From = id + 1 });
        }

        return true;
    }

    private sealed record Gap(long From, long To, DateTimeOffset Since);
}
