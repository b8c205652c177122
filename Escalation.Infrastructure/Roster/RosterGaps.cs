namespace Escalation.Infrastructure.Roster;

/// <summary>What the roster leaves uncovered between two instants: layers nobody would receive, and people a layer would call without a verified phone.</summary>
public sealed record RosterGaps(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<RosterGapView> Uncovered, IReadOnlyList<PhoneGapView> NoVerifiedPhone)
{
    public bool IsEmpty => Uncovered.Count == 0 && NoVerifiedPhone.Count == 0;

    /// <summary>Only the gaps of <paramref name="units"/> (all of them when null).</summary>
    public RosterGaps For(IReadOnlyCollection<Guid>? units) => units is null ? this
        : this with { Uncovered = Uncovered.Where(g => units.Contains(g.UnitId)).ToList(), NoVerifiedPhone = NoVerifiedPhone.Where(g => units.Contains(g.UnitId)).ToList() };
}

public sealed record RosterGapView(string UnitCode, Guid UnitId, string Ladder, int Layer, IReadOnlyList<string> Roles, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

public sealed record PhoneGapView(string UnitCode, Guid UnitId, string Ladder, int Layer, string UserId, string DisplayName, DateTimeOffset StartsAt, DateTimeOffset EndsAt);
