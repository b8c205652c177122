using Escalation.Domain.Organisation;

namespace Escalation.Domain.Roster;

/// <summary>
/// A shift: a person holds a clinical role from <see cref="StartsAt"/> until <see cref="EndsAt"/> (open-ended when
/// null). Entered by hand (<see cref="AssignmentOrigin.Manual"/>) or applied from a schedule source's import;
/// rotations and overrides are kept apart and combined with shifts by <see cref="RosterCalculator"/>.
/// </summary>
public sealed class RoleAssignment
{
    private RoleAssignment()
    {
        UserId = CreatedBy = string.Empty;
    }

    public RoleAssignment(ClinicalRoleId roleId, string userId, DateTimeOffset startsAt, DateTimeOffset? endsAt, string createdBy)
        : this(roleId, userId, startsAt, endsAt, createdBy, AssignmentOrigin.Manual, null)
    {
    }

    public RoleAssignment(
        ClinicalRoleId roleId, string userId, DateTimeOffset startsAt, DateTimeOffset? endsAt, string createdBy, AssignmentOrigin origin, Guid? sourceId, Guid? importId = null)
    {
        if ((origin == AssignmentOrigin.Imported) != (sourceId is not null))
        {
            throw new DomainException("An imported shift names its schedule source, and only an imported shift does.");
        }

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
        StartsAt = startsAt.ToUniversalTime();
        EndsAt = endsAt?.ToUniversalTime();
        CreatedBy = createdBy;
        Origin = origin;
        SourceId = sourceId;
        ImportId = importId;
    }

    public Guid Id { get; private set; }

    public ClinicalRoleId RoleId { get; private set; }

    public string UserId { get; private set; }

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset? EndsAt { get; private set; }

    public string CreatedBy { get; private set; }

    public AssignmentOrigin Origin { get; private set; }

    /// <summary>The schedule source an imported shift came from.</summary>
    public Guid? SourceId { get; private set; }

    /// <summary>The import that applied an imported shift: when it was applied, and when the source had changed.</summary>
    public Guid? ImportId { get; private set; }

    /// <summary>Ends the shift at <paramref name="at"/> (not before it started): what already happened stays on record.</summary>
    public void EndAt(DateTimeOffset at)
    {
        var end = at.ToUniversalTime();
        if (end <= StartsAt)
        {
            throw new DomainException("A shift cannot end before it starts; delete one that has not started instead.");
        }

        if (EndsAt is null || end < EndsAt)
        {
            EndsAt = end;
        }
    }

    public bool CoversInstant(DateTimeOffset at) => StartsAt <= at && (EndsAt is null || at < EndsAt);
}
