namespace Escalation.Domain.Roster;

/// <summary>
/// Everything that decides who holds ONE role, with the unit's zone for the wall-clock parts (rotation hand-offs,
/// backup windows). The caller loads it once per role and window; the calculator never reads storage or the clock.
/// </summary>
public sealed record RosterInputs(
    TimeZoneInfo Zone,
    IReadOnlyList<RoleAssignment> Shifts,
    IReadOnlyList<Rotation> Rotations,
    IReadOnlyList<RosterOverride> Overrides,
    IReadOnlyList<BackupContact> Backups);

/// <summary>A stretch of time, [<see cref="StartsAt"/>, <see cref="EndsAt"/>), in which the same people hold a role.</summary>
public sealed record RosterSegment(DateTimeOffset StartsAt, DateTimeOffset EndsAt, RoleHolders Holders);
