using Escalation.Domain.Organisation;

namespace Escalation.Domain.Roster;

/// <summary>What an override does to the people the shifts and rotations put on duty.</summary>
public enum OverrideKind
{
    /// <summary>Adds <see cref="RosterOverride.UserId"/> alongside whoever else holds the role.</summary>
    Add,

    /// <summary>Takes <see cref="RosterOverride.UserId"/> off the role (leave, sickness).</summary>
    Remove,

    /// <summary>
    /// <see cref="RosterOverride.UserId"/> takes over from <see cref="RosterOverride.ReplacedUserId"/> (a swap), or from
    /// everybody holding the role when no one is named.
    /// </summary>
    Replace,
}

/// <summary>
/// A temporary change that wins over shifts, rotations and imports for its interval. When two overlap they apply
/// in the order they were created, so the later one wins.
/// </summary>
public sealed class RosterOverride
{
    private RosterOverride()
    {
        UserId = Reason = CreatedBy = string.Empty;
    }

    public RosterOverride(
        ClinicalRoleId roleId,
        OverrideKind kind,
        string userId,
        string? replacedUserId,
        DateTimeOffset startsAt,
        DateTimeOffset endsAt,
        string reason,
        string createdBy,
        DateTimeOffset createdAt)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new DomainException("Unknown override kind.");
        }

        if (string.IsNullOrWhiteSpace(userId))
        {
            throw new DomainException("An override names a person.");
        }

        if (kind != OverrideKind.Replace && replacedUserId is not null)
        {
            throw new DomainException("Only a replacement names the person replaced.");
        }

        if (replacedUserId is not null && string.Equals(replacedUserId, userId, StringComparison.Ordinal))
        {
            throw new DomainException("A person cannot replace themselves.");
        }

        if (endsAt <= startsAt)
        {
            throw new DomainException("An override ends after it starts.");
        }

        if (endsAt - startsAt > TimeSpan.FromDays(366))
        {
            throw new DomainException("An override lasts at most a year; use a rotation or shifts for longer.");
        }

        var trimmed = reason?.Trim() ?? string.Empty;
        if (trimmed.Length > 500)
        {
            throw new DomainException("An override's reason is at most 500 characters.");
        }

        Id = Guid.NewGuid();
        RoleId = roleId;
        Kind = kind;
        UserId = userId;
        ReplacedUserId = replacedUserId;
        StartsAt = startsAt.ToUniversalTime();
        EndsAt = endsAt.ToUniversalTime();
        Reason = trimmed;
        CreatedBy = createdBy;
        CreatedAt = createdAt.ToUniversalTime();
    }

    public Guid Id { get; private set; }

    public ClinicalRoleId RoleId { get; private set; }

    public OverrideKind Kind { get; private set; }

    public string UserId { get; private set; }

    public string? ReplacedUserId { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public string Reason { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public bool CoversInstant(DateTimeOffset at) => StartsAt <= at && at < EndsAt;
}
