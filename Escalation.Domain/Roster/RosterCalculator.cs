namespace Escalation.Domain.Roster;

/// <summary>
/// Combines one role's shifts, rotations, overrides and backup contacts into who holds it. The rules, in order:
/// <list type="number">
/// <item>Primary: the people of the shifts covering the instant, then each effective rotation's turn holder. A person
/// appears once and the first source wins: manual shifts before imported ones (the hand-entered one is the deliberate
/// statement), earlier-starting shifts first, then rotations by effective date.</item>
/// <item>Overrides covering the instant apply in creation order (ties by id), so the later one wins: Remove takes its
/// person off; Add puts them on; Replace naming a person swaps them for the override's person if they are on (and does
/// nothing if they are not); Replace naming nobody takes everybody off and puts its person on. A person an override
/// puts on is listed with the override as the source.</item>
/// <item>Backup: contacts whose window is open and who are not already primary; paged only when there is no primary.</item>
/// </list>
/// Lists are ordered by user id (ordinal) so equal rosters compare equal.
/// </summary>
public static class RosterCalculator
{
    public static RoleHolders HoldersAt(RosterInputs inputs, DateTimeOffset at)
    {
        var instant = at.ToUniversalTime();
        return new PreparedRoster(inputs, instant, WallTime.NextTick(instant)).HoldersAt(instant);
    }

    /// <summary>
    /// Consecutive segments covering exactly [<paramref name="from"/>, <paramref name="to"/>), split wherever any input
    /// begins or ends (shifts, rotation turns, overrides, backup windows, effective dates) and with neighbours holding the
    /// same people merged. Turns and windows are expanded once for the whole window and each segment is evaluated once.
    /// </summary>
    public static IReadOnlyList<RosterSegment> Timeline(RosterInputs inputs, DateTimeOffset from, DateTimeOffset to)
    {
        var start = from.ToUniversalTime();
        var end = to.ToUniversalTime();
        var segments = new List<RosterSegment>();
        if (start >= end)
        {
            return segments;
        }

        var roster = new PreparedRoster(inputs, start, end);
        var edges = roster.Boundaries(start, end);
        for (var i = 0; i + 1 < edges.Count; i++)
        {
            var holders = roster.HoldersAt(edges[i]);
            if (segments.Count > 0 && segments[^1].Holders.Equals(holders))
            {
                segments[^1] = segments[^1] with { EndsAt = edges[i + 1] };
            }
            else
            {
                segments.Add(new RosterSegment(edges[i], edges[i + 1], holders));
            }
        }

        return segments;
    }

    /// <summary>
    /// The first instant in (<paramref name="after"/>, <paramref name="after"/> + <paramref name="horizon"/>] at which
    /// the holders (primary or backup, with their sources) differ from those at <paramref name="after"/>; null if they
    /// stay the same throughout, so a scheduler can sleep until then.
    /// </summary>
    public static DateTimeOffset? NextChange(RosterInputs inputs, DateTimeOffset after, TimeSpan horizon)
    {
        if (horizon <= TimeSpan.Zero)
        {
            return null;
        }

        var start = after.ToUniversalTime();
        var last = DateTimeOffset.MaxValue - start > horizon ? start + horizon : DateTimeOffset.MaxValue;
        var end = WallTime.NextTick(last);
        var roster = new PreparedRoster(inputs, start, end);
        var edges = roster.Boundaries(start, end);
        var initial = roster.HoldersAt(start);
        for (var i = 1; i + 1 < edges.Count; i++)
        {
            if (!roster.HoldersAt(edges[i]).Equals(initial))
            {
                return edges[i];
            }
        }

        return null;
    }

    /// <summary>
    /// Where a ladder layer would find nobody: given the timelines of the layer's roles over the same window (as
    /// <see cref="Timeline"/> returns them: ordered, not overlapping), the merged intervals of
    /// [<paramref name="from"/>, <paramref name="to"/>) in which none of them has anybody effective. Time a timeline
    /// does not cover counts as nobody. With no roles the whole window is uncovered.
    /// </summary>
    public static IReadOnlyList<(DateTimeOffset StartsAt, DateTimeOffset EndsAt)> Uncovered(
        IReadOnlyList<IReadOnlyList<RosterSegment>> roleTimelines, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(roleTimelines);
        var start = from.ToUniversalTime();
        var end = to.ToUniversalTime();
        var gaps = new List<(DateTimeOffset StartsAt, DateTimeOffset EndsAt)>();
        if (start >= end)
        {
            return gaps;
        }

        var edges = new List<DateTimeOffset> { start, end };
        foreach (var timeline in roleTimelines)
        {
            foreach (var segment in timeline)
            {
                AddEdge(edges, segment.StartsAt, start, end);
                AddEdge(edges, segment.EndsAt, start, end);
            }
        }

        edges = Distinct(edges);
        var cursors = new int[roleTimelines.Count];
        for (var i = 0; i + 1 < edges.Count; i++)
        {
            var at = edges[i];
            var covered = false;
            for (var role = 0; role < roleTimelines.Count; role++)
            {
                var timeline = roleTimelines[role];
                while (cursors[role] < timeline.Count && timeline[cursors[role]].EndsAt <= at)
                {
                    cursors[role]++;
                }

                if (cursors[role] < timeline.Count
                    && timeline[cursors[role]].StartsAt <= at
                    && timeline[cursors[role]].Holders.Effective.Count > 0)
                {
                    covered = true;
                }
            }

            if (covered)
            {
                continue;
            }

            if (gaps.Count > 0 && gaps[^1].EndsAt == at)
            {
                gaps[^1] = (gaps[^1].StartsAt, edges[i + 1]);
            }
            else
            {
                gaps.Add((at, edges[i + 1]));
            }
        }

        return gaps;
    }

    private static void AddEdge(List<DateTimeOffset> edges, DateTimeOffset edge, DateTimeOffset start, DateTimeOffset end)
    {
        if (edge > start && edge < end)
        {
            edges.Add(edge.ToUniversalTime());
        }
    }

    private static List<DateTimeOffset> Distinct(List<DateTimeOffset> edges)
    {
        edges.Sort();
        var distinct = new List<DateTimeOffset>(edges.Count);
        foreach (var edge in edges)
        {
            if (distinct.Count == 0 || distinct[^1] != edge)
            {
                distinct.Add(edge);
            }
        }

        return distinct;
    }

    /// <summary>
    /// The inputs narrowed to one window, with rotation turns and backup windows expanded once, so a timeline of a
    /// week of hourly turns does not recompute the rotation for every segment.
    /// </summary>
    private sealed class PreparedRoster
    {
        private readonly RoleAssignment[] _shifts;
        private readonly (Rotation Rotation, IReadOnlyList<RotationShift> Turns)[] _rotations;
        private readonly RosterOverride[] _overrides;
        private readonly (BackupContact Contact, IReadOnlyList<(DateTimeOffset StartsAt, DateTimeOffset EndsAt)> Windows)[] _backups;

        public PreparedRoster(RosterInputs inputs, DateTimeOffset from, DateTimeOffset to)
        {
            ArgumentNullException.ThrowIfNull(inputs);
            ArgumentNullException.ThrowIfNull(inputs.Zone);
            _shifts =
            [
                .. inputs.Shifts
                    .Where(s => s.StartsAt < to && (s.EndsAt is null || s.EndsAt > from))
                    .OrderBy(s => s.Origin == AssignmentOrigin.Imported)
                    .ThenBy(s => s.StartsAt)
                    .ThenBy(s => s.Id),
            ];
            _rotations =
            [
                .. inputs.Rotations
                    .OrderBy(r => r.EffectiveFrom)
                    .ThenBy(r => r.Id)
                    .Select(r => (r, r.ShiftsBetween(inputs.Zone, from, to)))
                    .Where(r => r.Item2.Count > 0),
            ];
            _overrides =
            [
                .. inputs.Overrides
                    .Where(o => o.StartsAt < to && o.EndsAt > from)
                    .OrderBy(o => o.CreatedAt)
                    .ThenBy(o => o.Id),
            ];
            _backups =
            [
                .. inputs.Backups
                    .OrderBy(b => b.EffectiveFrom)
                    .ThenBy(b => b.Id)
                    .Select(b => (b, b.WindowsBetween(inputs.Zone, from, to)))
                    .Where(b => b.Item2.Count > 0),
            ];
        }

        /// <summary>Every instant in [from, to] where an input begins or ends, sorted, with both ends included.</summary>
        public List<DateTimeOffset> Boundaries(DateTimeOffset from, DateTimeOffset to)
        {
            var edges = new List<DateTimeOffset> { from, to };
            foreach (var shift in _shifts)
            {
                AddEdge(edges, shift.StartsAt, from, to);
                if (shift.EndsAt is { } ends)
                {
                    AddEdge(edges, ends, from, to);
                }
            }

            foreach (var (_, turns) in _rotations)
            {
                foreach (var turn in turns)
                {
                    AddEdge(edges, turn.StartsAt, from, to);
                    AddEdge(edges, turn.EndsAt, from, to);
                }
            }

            foreach (var change in _overrides)
            {
                AddEdge(edges, change.StartsAt, from, to);
                AddEdge(edges, change.EndsAt, from, to);
            }

            foreach (var (_, windows) in _backups)
            {
                foreach (var window in windows)
                {
                    AddEdge(edges, window.StartsAt, from, to);
                    AddEdge(edges, window.EndsAt, from, to);
                }
            }

            return Distinct(edges);
        }

        /// <summary>The holders at <paramref name="at"/>, which must lie in the window this roster was prepared for.</summary>
        public RoleHolders HoldersAt(DateTimeOffset at)
        {
            var primary = new List<Holder>();
            foreach (var shift in _shifts)
            {
                if (shift.CoversInstant(at) && IndexOf(primary, shift.UserId) < 0)
                {
                    primary.Add(shift.Origin == AssignmentOrigin.Imported
                        ? new Holder(shift.UserId, HolderSource.Import, shift.SourceId ?? Guid.Empty)
                        : new Holder(shift.UserId, HolderSource.Shift, shift.Id));
                }
            }

            foreach (var (rotation, turns) in _rotations)
            {
                var turn = Covering(turns, at, static t => t.StartsAt, static t => t.EndsAt);
                if (turn >= 0 && IndexOf(primary, turns[turn].UserId) < 0)
                {
                    primary.Add(new Holder(turns[turn].UserId, HolderSource.Rotation, rotation.Id));
                }
            }

            foreach (var change in _overrides)
            {
                if (change.CoversInstant(at))
                {
                    Apply(primary, change);
                }
            }

            var backup = new List<Holder>();
            foreach (var (contact, windows) in _backups)
            {
                if (Covering(windows, at, static w => w.StartsAt, static w => w.EndsAt) >= 0
                    && IndexOf(primary, contact.UserId) < 0
                    && IndexOf(backup, contact.UserId) < 0)
                {
                    backup.Add(new Holder(contact.UserId, HolderSource.Backup, contact.Id));
                }
            }

            if (primary.Count == 0 && backup.Count == 0)
            {
                return RoleHolders.None;
            }

            primary.Sort(static (a, b) => string.CompareOrdinal(a.UserId, b.UserId));
            backup.Sort(static (a, b) => string.CompareOrdinal(a.UserId, b.UserId));
            return new RoleHolders(primary, backup);
        }

        private static void Apply(List<Holder> primary, RosterOverride change)
        {
            var holder = new Holder(change.UserId, HolderSource.Override, change.Id);
            switch (change.Kind)
            {
                case OverrideKind.Remove:
                    Remove(primary, change.UserId);
                    break;
                case OverrideKind.Add:
                    PutOn(primary, holder);
                    break;
                case OverrideKind.Replace when change.ReplacedUserId is { } replaced:
                    if (IndexOf(primary, replaced) >= 0)
                    {
                        Remove(primary, replaced);
                        PutOn(primary, holder);
                    }

                    break;
                case OverrideKind.Replace:
                    primary.Clear();
                    primary.Add(holder);
                    break;
            }
        }

        private static void PutOn(List<Holder> primary, Holder holder)
        {
            var index = IndexOf(primary, holder.UserId);
            if (index >= 0)
            {
                primary[index] = holder;
            }
            else
            {
                primary.Add(holder);
            }
        }

        private static void Remove(List<Holder> holders, string userId)
        {
            var index = IndexOf(holders, userId);
            if (index >= 0)
            {
                holders.RemoveAt(index);
            }
        }

        private static int IndexOf(List<Holder> holders, string userId)
        {
            for (var i = 0; i < holders.Count; i++)
            {
                if (string.Equals(holders[i].UserId, userId, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>The index of the interval holding <paramref name="at"/> in ordered, non-overlapping intervals; -1 if none.</summary>
        private static int Covering<T>(IReadOnlyList<T> intervals, DateTimeOffset at, Func<T, DateTimeOffset> startOf, Func<T, DateTimeOffset> endOf)
        {
            var low = 0;
            var high = intervals.Count - 1;
            var found = -1;
            while (low <= high)
            {
                var middle = low + ((high - low) / 2);
                if (startOf(intervals[middle]) <= at)
                {
                    found = middle;
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return found >= 0 && at < endOf(intervals[found]) ? found : -1;
        }
    }
}
