using Escalation.Domain.Common;
using Escalation.Domain.Organisation;

namespace Escalation.Domain.Roster;

/// <summary>
/// A person holds a clinical role from <see cref="StartsAt"/> until <see cref="EndsAt"/> (open-ended when null).
/// The minimal roster the engine needs; rotations, overrides and imports build on it.
/// </summary>
public sealed class RoleAssignment
{
    private RoleAssignment()
    {
        UserId = CreatedBy = string.Empty;
    }

    public RoleAssignment(ClinicalRoleId roleId, string userId, DateTimeOffset startsAt, DateTimeOffset? endsAt, string createdBy)
    {
        if (string.IsNullOrWhiteSpace(userId))
        {
            throw new DomainException("An assignment names a person.");
        }

        if (endsAt is { } end && end <= startsAt)
        {
            throw new DomainException("An assignment ends after it starts.");
        }

        Id = Guid.NewGuid();
        RoleId = roleId;
        UserId = userId;
        StartsAt = startsAt;
        EndsAt = endsAt;
        CreatedBy = createdBy;
    }

    public Guid Id { get; private set; }

    public ClinicalRoleId RoleId { get; private set; }

    public string UserId { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset? EndsAt { get; private set; }

    public string CreatedBy { get; private set; }

    public bool CoversInstant(DateTimeOffset at) => StartsAt <= at && (EndsAt is null || at < EndsAt);
}
