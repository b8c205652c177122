namespace Escalation.Domain.Roster;

// TEMPORARY: replaced by the roster-math branch on merge.
public enum HolderSource { Shift, Import, Rotation, Override, Backup }
public sealed record Holder(string UserId, HolderSource Source, Guid SourceId);
public sealed record RoleHolders(IReadOnlyList<Holder> Primary, IReadOnlyList<Holder> Backup)
{
    public static RoleHolders None { get; } = new([], []);
    public IReadOnlyList<Holder> Effective => Primary.Count > 0 ? Primary : Backup;
    public bool IsEmpty => Primary.Count == 0 && Backup.Count == 0;
}
public sealed record RosterSegment(DateTimeOffset StartsAt, DateTimeOffset EndsAt, RoleHolders Holders);
public sealed record RosterInputs(TimeZoneInfo Zone, IReadOnlyList<RoleAssignment> Shifts, IReadOnlyList<Rotation> Rotations, IReadOnlyList<RosterOverride> Overrides, IReadOnlyList<BackupContact> Backups);
public readonly record struct RotationShift(string UserId, DateTimeOffset StartsAt, DateTimeOffset EndsAt);
public static class RosterCalculator
{
    public static RoleHolders HoldersAt(RosterInputs inputs, DateTimeOffset at) => throw new NotImplementedException();
    public static IReadOnlyList<RosterSegment> Timeline(RosterInputs inputs, DateTimeOffset from, DateTimeOffset to) => throw new NotImplementedException();
    public static DateTimeOffset? NextChange(RosterInputs inputs, DateTimeOffset after, TimeSpan horizon) => throw new NotImplementedException();
    public static IReadOnlyList<(DateTimeOffset StartsAt, DateTimeOffset EndsAt)> Uncovered(IReadOnlyList<IReadOnlyList<RosterSegment>> roleTimelines, DateTimeOffset from, DateTimeOffset to) => throw new NotImplementedException();
}
public static class RotationPlaceholderExtensions
{
    public static Rotation Successor(this Rotation r, IReadOnlyList<string> participants, TimeZoneInfo zone, DateTimeOffset now, string by) => throw new NotImplementedException();
}
