using Escalation.Domain.Common;
using Escalation.Domain.Organisation;

namespace Escalation.Domain.Roster;

/// <summary>
/// A backup contact holds a role only during a daily local window (22:00-07:00 crosses midnight; equal start and end
/// means all day), and only reaches people when nobody holds the role as primary (shift, rotation or override).
/// </summary>
public sealed class BackupContact
{
    private BackupContact()
    {
        UserId = CreatedBy = string.Empty;
    }

    public BackupContact(
        ClinicalRoleId roleId,
        string userId,
        TimeOnly windowStart,
        TimeOnly windowEnd,
        DateTimeOffset effectiveFrom,
        DateTimeOffset? effectiveUntil,
        string createdBy,
        DateTimeOffset createdAt)
    {
        if (string.IsNullOrWhiteSpace(userId))
        {
            throw new DomainException("A backup contact names a person.");
        }

        if (effectiveUntil is { } until && until <= effectiveFrom)
        {
            throw new DomainException("A backup contact ends after it starts.");
        }

        Id = Guid.NewGuid();
        RoleId = roleId;
        UserId = userId;
        WindowStart = windowStart;
        WindowEnd = windowEnd;
        EffectiveFrom = effectiveFrom.ToUniversalTime();
        EffectiveUntil = effectiveUntil?.ToUniversalTime();
        CreatedBy = createdBy;
        CreatedAt = createdAt.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public ClinicalRoleId RoleId { get; private set; }

    public string UserId { get; private set; }

    /// <summary>Local time in the unit's zone when the daily window opens.</summary>
    public TimeOnly WindowStart { get; private set; }

    /// <summary>Local time when it closes; at or before <see cref="WindowStart"/> it closes the next day.</summary>
    public TimeOnly WindowEnd { get; private set; }

    public DateTimeOffset EffectiveFrom { get; private set; }

    public DateTimeOffset? EffectiveUntil { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public void End(DateTimeOffset at)
    {
        var end = at.ToUniversalTime();
        EffectiveUntil = end < EffectiveFrom ? EffectiveFrom : end;
    }
}
