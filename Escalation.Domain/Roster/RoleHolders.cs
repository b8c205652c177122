namespace Escalation.Domain.Roster;

/// <summary>Why somebody holds a role at an instant, so the roster view and the audit can say where a page's recipient came from.</summary>
public enum HolderSource
{
    /// <summary>A shift an administrator entered.</summary>
    Shift,

    /// <summary>A shift applied from a schedule source's import.</summary>
    Import,

    /// <summary>Their turn in a rotation.</summary>
    Rotation,

    /// <summary>An override put them on (add or replace).</summary>
    Override,

    /// <summary>A backup contact, reached only because nobody holds the role as primary.</summary>
    Backup,
}

/// <summary>
/// One person holding a role and what put them there. <see cref="SourceId"/> is the record to look at: the schedule
/// source for an imported shift (the import, not the row, is what an administrator fixes), the shift itself for a
/// manual one, otherwise the rotation, override or backup contact.
/// </summary>
public sealed record Holder(string UserId, HolderSource Source, Guid SourceId);

/// <summary>
/// Who holds a role at an instant: the primary holders (shifts, imports, rotations, overrides) and the backup contacts
/// whose window is open. Only <see cref="Effective"/> is paged: backups stand in when there is no primary. Equality
/// compares the lists' contents, so a timeline can merge neighbouring segments with the same people.
/// </summary>
public sealed record RoleHolders(IReadOnlyList<Holder> Primary, IReadOnlyList<Holder> Backup)
{
    public static RoleHolders None { get; } = new([], []);

    /// <summary>The people a page for this role reaches.</summary>
    public IReadOnlyList<Holder> Effective => Primary.Count > 0 ? Primary : Backup;

    /// <summary>Nobody at all, primary or backup: a ladder layer for this role alone would be skipped.</summary>
    public bool IsEmpty => Primary.Count == 0 && Backup.Count == 0;

    public bool Equals(RoleHolders? other) =>
        other is not null && Primary.SequenceEqual(other.Primary) && Backup.SequenceEqual(other.Backup);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var holder in Primary)
        {
            hash.Add(holder);
        }

        hash.Add(Primary.Count);
        foreach (var holder in Backup)
        {
            hash.Add(holder);
        }

        return hash.ToHashCode();
    }

    public override string ToString() =>
        $"Primary: [{string.Join(", ", Primary.Select(h => $"{h.UserId} ({h.Source})"))}], Backup: [{string.Join(", ", Backup.Select(h => $"{h.UserId} ({h.Source})"))}]";
}
