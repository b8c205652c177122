namespace Escalation.Domain.Roster;

/// <summary>Where a shift came from: typed in by an administrator, or applied from a schedule source's import.</summary>
public enum AssignmentOrigin
{
    Manual,
    Imported,
}
