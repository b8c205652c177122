using Escalation.Domain.Organisation;

namespace Escalation.Domain.Roster;

/// <summary>How a rotation's turn length is counted.</summary>
public enum RotationUnit
{
    Hours,
    Days,
    Weeks,
}

/// <summary>
/// A rotation: ordered people take turns holding one role, each turn <see cref="Length"/> x <see cref="Unit"/> long,
/// the first turn (of <c>Participants[0]</c>) starting at <see cref="HandoffDate"/> <see cref="HandoffTime"/> in the
/// unit's local time ("weekly, Monday 07:00"). Hand-offs are wall-clock times in the unit's zone, so a weekly
/// 07:00 hand-off stays at 07:00 across daylight-saving changes. A rotation applies from <see cref="EffectiveFrom"/>
/// until <see cref="EffectiveUntil"/>: editing one ends it and starts a successor, so past turns never change.
/// </summary>
public sealed class Rotation
{
    public const int MaxParticipants = 100;

    private string _participants;

    private Rotation()
    {
        Name = CreatedBy = _participants = string.Empty;
    }

    public Rotation(
        ClinicalRoleId roleId,
        string name,
        IReadOnlyList<string> participants,
        RotationUnit unit,
        int length,
        DateOnly handoffDate,
        TimeOnly handoffTime,
        DateTimeOffset effectiveFrom,
        string createdBy,
        DateTimeOffset createdAt)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        if (trimmed.Length is 0 or > 200)
        {
            throw new DomainException("A rotation has a name of 1 to 200 characters.");
        }

        if (participants is null || participants.Count == 0 || participants.Count > MaxParticipants)
        {
            throw new DomainException($"A rotation has 1 to {MaxParticipants} people.");
        }

        if (participants.Any(string.IsNullOrWhiteSpace) || participants.Distinct(StringComparer.Ordinal).Count() != participants.Count)
        {
            throw new DomainException("A rotation names each person once.");
        }

        if (!Enum.IsDefined(unit))
        {
            throw new DomainException("Unknown rotation unit.");
        }

        var longest = unit switch { RotationUnit.Hours => 24 * 7, RotationUnit.Days => 28, _ => 8 };
        if (length < 1 || length > longest)
        {
            throw new DomainException($"A rotation's turn is 1 to {longest} {unit.ToString().ToLowerInvariant()} long.");
        }

        Id = Guid.NewGuid();
        FamilyId = Id;
        RoleId = roleId;
        Name = trimmed;
        _participants = string.Join('\n', participants);
        Unit = unit;
        Length = length;
        HandoffDate = handoffDate;
        HandoffTime = handoffTime;
        EffectiveFrom = effectiveFrom.ToUniversalTime();
        CreatedBy = createdBy;
        CreatedAt = createdAt.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    /// <summary>The same rotation across its edits: every successor keeps the family of the first.</summary>
    public Guid FamilyId { get; private set; }

    public ClinicalRoleId RoleId { get; private set; }

    public string Name { get; private set; }

    /// <summary>The people in turn order (user ids).</summary>
    public IReadOnlyList<string> Participants => _participants.Split('\n');

    public RotationUnit Unit { get; private set; }

    public int Length { get; private set; }

    /// <summary>Local date of the first hand-off (to <c>Participants[0]</c>), in the unit's zone.</summary>
    public DateOnly HandoffDate { get; private set; }

    /// <summary>Local wall-clock time of every hand-off, in the unit's zone.</summary>
    public TimeOnly HandoffTime { get; private set; }

    public DateTimeOffset EffectiveFrom { get; private set; }

    public DateTimeOffset? EffectiveUntil { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public bool IsEffectiveAt(DateTimeOffset at) => EffectiveFrom <= at && (EffectiveUntil is null || at < EffectiveUntil);

    /// <summary>Stops the rotation at <paramref name="at"/>: it keeps its past turns and has no future ones.</summary>
    public void End(DateTimeOffset at)
    {
        var end = at.ToUniversalTime();
        if (EffectiveUntil is { } until && until <= end)
        {
            return;
        }

        EffectiveUntil = end < EffectiveFrom ? EffectiveFrom : end;
    }

    /// <summary>
    /// The turns overlapping [<paramref name="from"/>, <paramref name="to"/>), each clipped to that window and to the
    /// effective period, in order. Turn k (k = 0, 1, ...) goes to <c>Participants[k % n]</c> and starts at the first
    /// hand-off plus k turn lengths counted on the local calendar, so hand-offs keep their wall-clock time across
    /// daylight-saving changes; wall times become instants by <see cref="WallTime.ToInstant"/>. A turn whose start and
    /// end become the same instant (an hourly turn inside the spring-forward gap) is skipped: that person's turn
    /// never happens on the clock. Nobody holds the role before the first hand-off.
    /// </summary>
    public IReadOnlyList<RotationShift> ShiftsBetween(TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var start = WallTime.Later(from.ToUniversalTime(), EffectiveFrom);
        var end = EffectiveUntil is { } until ? WallTime.Earlier(to.ToUniversalTime(), until) : to.ToUniversalTime();
        var shifts = new List<RotationShift>();
        if (start >= end)
        {
            return shifts;
        }

        var people = Participants;
        var turn = Math.Max(0, FirstTurnCandidate(zone, start));
        var lastTurn = LastComputableTurn();
        var turnStart = TurnStart(zone, turn);
        while (turnStart < end && turn < lastTurn)
        {
            var turnEnd = TurnStart(zone, turn + 1);
            if (turnEnd > start && turnStart < turnEnd)
            {
                shifts.Add(new RotationShift(
                    people[(int)(turn % people.Count)], WallTime.Later(turnStart, start), WallTime.Earlier(turnEnd, end)));
            }

            turn++;
            turnStart = turnEnd;
        }

        return shifts;
    }

    /// <summary>Who holds the role by this rotation at <paramref name="at"/>; null outside the effective period or before the first hand-off.</summary>
    public string? HolderAt(TimeZoneInfo zone, DateTimeOffset at)
    {
        var instant = at.ToUniversalTime();
        var shifts = ShiftsBetween(zone, instant, WallTime.NextTick(instant));
        return shifts.Count > 0 ? shifts[0].UserId : null;
    }

    /// <summary>
    /// Changes the people from <paramref name="now"/> without rewriting history: this rotation ends at
    /// <paramref name="now"/> (its past turns stay as they were) and the returned successor, in the same family, takes
    /// over with the same role, name, unit, length and hand-off time, so future hand-offs fall at the same instants.
    /// The successor is anchored so that:
    /// <list type="bullet">
    /// <item>the current turn's holder, if still in <paramref name="participants"/>, keeps the rest of their turn, and
    /// the turns after it follow <paramref name="participants"/> in order, starting with the person after them;</item>
    /// <item>if the current holder was taken out, the next person after them in the old order who is still in the list
    /// (the first of the new list if none is) takes the rest of the turn from <paramref name="now"/>, and the order
    /// continues after that person in the new list.</item>
    /// </list>
    /// To do so the successor's first hand-off is the current turn's start (for hourly rotations, the latest earlier turn
    /// start that falls at <see cref="HandoffTime"/>, since every hand-off date carries that time), and the new list is
    /// rotated so that the turn covering <paramref name="now"/> lands on the right person. Before the first hand-off
    /// nobody holds a turn, so the successor keeps the first hand-off and the list as given. An edit to a rotation that
    /// has not started yet takes effect when it would have.
    /// </summary>
    public Rotation Successor(IReadOnlyList<string> participants, TimeZoneInfo zone, DateTimeOffset now, string by)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var at = now.ToUniversalTime();
        if (EffectiveUntil is { } until && until <= at)
        {
            throw new DomainException("This rotation has ended; start a new one instead.");
        }

        var from = WallTime.Later(at, EffectiveFrom);
        var handoff = FirstHandoff;
        var order = participants;
        if (participants is { Count: > 0 } && TurnAt(zone, from) is { } turn)
        {
            var people = Participants;
            string? keeper = null;
            for (var step = 0; step < people.Count && keeper is null; step++)
            {
                var candidate = people[(int)((turn + step) % people.Count)];
                if (participants.Contains(candidate, StringComparer.Ordinal))
                {
                    keeper = candidate;
                }
            }

            var keeperIndex = keeper is null ? 0 : IndexOf(participants, keeper);

            // Every hand-off date carries HandoffTime, so the new first hand-off must be a turn start at that time: any
            // turn for days and weeks, every (24 / gcd(length, 24))-th turn for hours.
            var period = Unit == RotationUnit.Hours ? 24 / GreatestCommonDivisor(Length, 24) : 1;
            var gridTurn = turn - (turn % period);
            var turnsSinceGrid = (int)(turn - gridTurn);
            handoff = TurnStartLocal(gridTurn);
            var shift = Modulo(keeperIndex - turnsSinceGrid, participants.Count);
            order = [.. Enumerable.Range(0, participants.Count).Select(i => participants[(shift + i) % participants.Count])];
        }

        var successor = new Rotation(RoleId, Name, order, Unit, Length, DateOnly.FromDateTime(handoff), HandoffTime, from, by, at);
        successor.JoinFamily(FamilyId);
        End(from);
        return successor;
    }

    /// <summary>Takes one person out from <paramref name="now"/> (leaving, long leave): <see cref="Successor"/> with everybody else, in order.</summary>
    public Rotation WithoutParticipant(string userId, TimeZoneInfo zone, DateTimeOffset now, string by)
    {
        var people = Participants;
        if (!people.Contains(userId, StringComparer.Ordinal))
        {
            throw new DomainException("That person is not in this rotation.");
        }

        if (people.Count == 1)
        {
            throw new DomainException("A rotation keeps at least one person; end it instead.");
        }

        return Successor([.. people.Where(p => !string.Equals(p, userId, StringComparison.Ordinal))], zone, now, by);
    }

    private DateTime FirstHandoff => HandoffDate.ToDateTime(HandoffTime, DateTimeKind.Unspecified);

    private long TurnTicks => Length * (Unit switch
    {
        RotationUnit.Hours => TimeSpan.TicksPerHour,
        RotationUnit.Days => TimeSpan.TicksPerDay,
        _ => 7 * TimeSpan.TicksPerDay,
    });

    private DateTime TurnStartLocal(long turn) => FirstHandoff.AddTicks(turn * TurnTicks);

    private DateTimeOffset TurnStart(TimeZoneInfo zone, long turn) => WallTime.ToInstant(zone, TurnStartLocal(turn));

    /// <summary>
    /// The turn whose local span holds the wall time at <paramref name="at"/>. It starts at or before
    /// <paramref name="at"/> (the wall-time rules never map a wall time later than an instant showing it), so the turn
    /// covering <paramref name="at"/> is this one or a later one. Negative before the first hand-off's wall time.
    /// </summary>
    private long FirstTurnCandidate(TimeZoneInfo zone, DateTimeOffset at)
    {
        var sinceFirst = WallTime.ToLocal(zone, at).Ticks - FirstHandoff.Ticks;
        return sinceFirst >= 0 ? sinceFirst / TurnTicks : -((-sinceFirst + TurnTicks - 1) / TurnTicks);
    }

    /// <summary>Turns past this one would leave the calendar (year 9999); a guard, not a business rule.</summary>
    private long LastComputableTurn() => (DateTime.MaxValue.Ticks - (2 * TimeSpan.TicksPerDay) - FirstHandoff.Ticks) / TurnTicks;

    /// <summary>The index of the non-empty turn covering <paramref name="at"/>, ignoring the effective period; null before the first hand-off.</summary>
    private long? TurnAt(TimeZoneInfo zone, DateTimeOffset at)
    {
        var turn = Math.Max(0, FirstTurnCandidate(zone, at));
        if (at < TurnStart(zone, turn))
        {
            return null;
        }

        var lastTurn = LastComputableTurn();
        while (turn < lastTurn && TurnStart(zone, turn + 1) <= at)
        {
            turn++;
        }

        return turn;
    }

    private static int IndexOf(IReadOnlyList<string> people, string userId)
    {
        for (var i = 0; i < people.Count; i++)
        {
            if (string.Equals(people[i], userId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static int GreatestCommonDivisor(int a, int b) => b == 0 ? a : GreatestCommonDivisor(b, a % b);

    private static int Modulo(int value, int divisor) => ((value % divisor) + divisor) % divisor;

    internal void JoinFamily(Guid familyId) => FamilyId = familyId;
}
