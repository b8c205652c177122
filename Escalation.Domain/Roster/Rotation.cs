using Escalation.Domain.Common;
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

    internal void JoinFamily(Guid familyId) => FamilyId = familyId;
}
