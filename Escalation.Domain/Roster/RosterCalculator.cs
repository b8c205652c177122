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
    /// <summary>Who holds the role at <paramref name="at"/>, by the rules above: what a page sent now would reach.</summary>
    public static RoleHolders HoldersAt(RosterInputs inputs, DateTimeOffset at)
    {
        var instant = at.ToUniversalTime();
        return new RosterSweep(inputs, instant, WallTime.NextTick(instant)).HoldersAt(instant);
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

        var roster = new RosterSweep(inputs, start, end);
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
        var roster = new RosterSweep(inputs, start, end);
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
    /// The inputs narrowed to one window and swept forward through it. Rotation turns and backup windows are expanded
    /// once; shifts and overrides join and leave an active list as the sweep passes their edges, so evaluating a
    /// segment costs the people on duty then, not every shift in the window (a week of hourly turns with hundreds of
    /// shifts is a few hundred segments times a handful of active entries). Instants must be asked in ascending order.
    /// </summary>
    private sealed class RosterSweep
    {
        private readonly RoleAssignment[] _shifts;
        private readonly Holder[] _shiftHolders;
        private readonly long[] _shiftStarts;
        private readonly long[] _shiftEnds;
        private readonly int[] _shiftsByStart;
        private readonly List<int> _activeShifts = [];
        private int _nextShift;

        private readonly RosterOverride[] _overrides;
        private readonly Holder[] _overrideHolders;
        private readonly int[] _overridesByStart;
        private readonly List<int> _activeOverrides = [];
        private int _nextOverride;

        private readonly (Rotation Rotation, IReadOnlyList<RotationShift> Turns)[] _rotations;
        private readonly Holder[][] _turnHolders;
        private readonly int[] _rotationCursors;

        private readonly (BackupContact Contact, IReadOnlyList<(DateTimeOffset StartsAt, DateTimeOffset EndsAt)> Windows)[] _backups;
        private readonly Holder[] _backupHolders;
        private readonly int[] _backupCursors;

        private long _lastAsked = long.MinValue;

        public RosterSweep(RosterInputs inputs, DateTimeOffset from, DateTimeOffset to)
        {
            ArgumentNullException.ThrowIfNull(inputs);
            ArgumentNullException.ThrowIfNull(inputs.Zone);

            // Precedence order: the first source listing a person wins.
            _shifts =
            [
                .. inputs.Shifts
                    .Where(s => s.StartsAt < to && (s.EndsAt is null || s.EndsAt > from))
                    .OrderBy(s => s.Origin == AssignmentOrigin.Imported)
                    .ThenBy(s => s.StartsAt)
                    .ThenBy(s => s.Id),
            ];
            _shiftStarts = [.. _shifts.Select(s => s.StartsAt.UtcTicks)];
            _shiftEnds = [.. _shifts.Select(s => s.EndsAt?.UtcTicks ?? long.MaxValue)];
            _shiftsByStart = ByStart(_shiftStarts);
            _shiftHolders =
            [
                .. _shifts.Select(s => s.Origin == AssignmentOrigin.Imported
                    ? new Holder(s.UserId, HolderSource.Import, s.SourceId ?? Guid.Empty)
                    : new Holder(s.UserId, HolderSource.Shift, s.Id)),
            ];

            // Creation order: the later override applies last and so wins.
            _overrides =
            [
                .. inputs.Overrides
                    .Where(o => o.StartsAt < to && o.EndsAt > from)
                    .OrderBy(o => o.CreatedAt)
                    .ThenBy(o => o.Id),
            ];
            _overridesByStart = ByStart([.. _overrides.Select(o => o.StartsAt.UtcTicks)]);
            _overrideHolders = [.. _overrides.Select(o => new Holder(o.UserId, HolderSource.Override, o.Id))];

            _rotations =
            [
                .. inputs.Rotations
                    .OrderBy(r => r.EffectiveFrom)
                    .ThenBy(r => r.Id)
                    .Select(r => (r, r.ShiftsBetween(inputs.Zone, from, to)))
                    .Where(r => r.Item2.Count > 0),
            ];
            _rotationCursors = new int[_rotations.Length];

            // One holder per person and rotation, shared by their turns: fewer allocations, and equal segments compare by reference.
            _turnHolders = [.. _rotations.Select(r => RotationHolders(r.Rotation, r.Turns))];

            _backups =
            [
                .. inputs.Backups
                    .OrderBy(b => b.EffectiveFrom)
                    .ThenBy(b => b.Id)
                    .Select(b => (b, b.WindowsBetween(inputs.Zone, from, to)))
                    .Where(b => b.Item2.Count > 0),
            ];
            _backupCursors = new int[_backups.Length];
            _backupHolders = [.. _backups.Select(b => new Holder(b.Contact.UserId, HolderSource.Backup, b.Contact.Id))];
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

        /// <summary>The holders at <paramref name="at"/>: within the prepared window, and not before an instant already asked.</summary>
        public RoleHolders HoldersAt(DateTimeOffset at)
        {
            var ticks = at.UtcTicks;
            if (ticks < _lastAsked)
            {
                throw new InvalidOperationException("A roster sweep only moves forward.");
            }

            _lastAsked = ticks;
            Advance(ticks, _shiftStarts, _shiftEnds, _shiftsByStart, ref _nextShift, _activeShifts);
            Advance(ticks, _overrides, _overridesByStart, ref _nextOverride, _activeOverrides);

            var primary = new List<Holder>();
            foreach (var index in _activeShifts)
            {
                if (IndexOf(primary, _shiftHolders[index].UserId) < 0)
                {
                    primary.Add(_shiftHolders[index]);
                }
            }

            for (var r = 0; r < _rotations.Length; r++)
            {
                var turns = _rotations[r].Turns;
                ref var cursor = ref _rotationCursors[r];
                while (cursor < turns.Count && turns[cursor].EndsAt.UtcTicks <= ticks)
                {
                    cursor++;
                }

                if (cursor < turns.Count && turns[cursor].StartsAt.UtcTicks <= ticks && IndexOf(primary, turns[cursor].UserId) < 0)
                {
                    primary.Add(_turnHolders[r][cursor]);
                }
            }

            foreach (var index in _activeOverrides)
            {
                Apply(primary, _overrides[index], _overrideHolders[index]);
            }

            var backup = new List<Holder>();
            for (var b = 0; b < _backups.Length; b++)
            {
                var windows = _backups[b].Windows;
                var holder = _backupHolders[b];
                ref var cursor = ref _backupCursors[b];
                while (cursor < windows.Count && windows[cursor].EndsAt.UtcTicks <= ticks)
                {
                    cursor++;
                }

                if (cursor < windows.Count
                    && windows[cursor].StartsAt.UtcTicks <= ticks
                    && IndexOf(primary, holder.UserId) < 0
                    && IndexOf(backup, holder.UserId) < 0)
                {
                    backup.Add(holder);
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

        /// <summary>Indices of <paramref name="starts"/> in ascending start order (stable, so equal starts keep precedence order).</summary>
        private static int[] ByStart(long[] starts)
        {
            var order = Enumerable.Range(0, starts.Length).ToArray();
            return [.. order.OrderBy(i => starts[i])];
        }

        /// <summary>Moves the active list to <paramref name="ticks"/>: entries that have started join in precedence order, entries that have ended leave.</summary>
        private static void Advance(long ticks, long[] starts, long[] ends, int[] byStart, ref int next, List<int> active)
        {
            while (next < byStart.Length && starts[byStart[next]] <= ticks)
            {
                Insert(active, byStart[next]);
                next++;
            }

            for (var i = active.Count - 1; i >= 0; i--)
            {
                if (ends[active[i]] <= ticks)
                {
                    active.RemoveAt(i);
                }
            }
        }

        private static void Advance(long ticks, RosterOverride[] overrides, int[] byStart, ref int next, List<int> active)
        {
            while (next < byStart.Length && overrides[byStart[next]].StartsAt.UtcTicks <= ticks)
            {
                Insert(active, byStart[next]);
                next++;
            }

            for (var i = active.Count - 1; i >= 0; i--)
            {
                if (overrides[active[i]].EndsAt.UtcTicks <= ticks)
                {
                    active.RemoveAt(i);
                }
            }
        }

        private static void Insert(List<int> active, int index)
        {
            var position = active.BinarySearch(index);
            active.Insert(position < 0 ? ~position : position, index);
        }

        private static Holder[] RotationHolders(Rotation rotation, IReadOnlyList<RotationShift> turns)
        {
            var byPerson = new Dictionary<string, Holder>(StringComparer.Ordinal);
            var holders = new Holder[turns.Count];
            for (var i = 0; i < turns.Count; i++)
            {
                if (!byPerson.TryGetValue(turns[i].UserId, out var holder))
                {
                    holder = new Holder(turns[i].UserId, HolderSource.Rotation, rotation.Id);
                    byPerson.Add(holder.UserId, holder);
                }

                holders[i] = holder;
            }

            return holders;
        }

        private static void Apply(List<Holder> primary, RosterOverride change, Holder holder)
        {
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
    }
}
