namespace Escalation.Domain.Roster;

/// <summary>One person's turn of a rotation, as UTC instants: what the calculator and the roster view work with.</summary>
public readonly record struct RotationShift(string UserId, DateTimeOffset StartsAt, DateTimeOffset EndsAt);
