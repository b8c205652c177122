using Escalation.Domain.Roster;

namespace Escalation.Tests.Roster;

/// <summary>Builders shared by the roster tests, so each test reads as its schedule and the instants it expects.</summary>
internal static class RosterTestData
{
    public static readonly TimeZoneInfo Chicago = Zones.Chicago;

    public static readonly TimeZoneInfo Berlin = Zones.Berlin;

    public static readonly ClinicalRoleId Role = ClinicalRoleId.New();

    public static readonly DateTimeOffset LongAgo = DateTimeOffset.Parse("2025-01-01T00:00:00Z");

    public static Rotation Rotation(RotationUnit unit, int length, string handoffDate, string handoffTime, params string[] people) =>
        Rotation(unit, length, handoffDate, handoffTime, LongAgo, people);

    public static Rotation Rotation(
        RotationUnit unit, int length, string handoffDate, string handoffTime, DateTimeOffset effectiveFrom, params string[] people) =>
        new(Role, "On call", people, unit, length, DateOnly.Parse(handoffDate), TimeOnly.Parse(handoffTime), effectiveFrom, "admin", LongAgo);

    public static RotationShift Turn(string userId, string startsAt, string endsAt) =>
        new(userId, DateTimeOffset.Parse(startsAt), DateTimeOffset.Parse(endsAt));

    public static RoleAssignment Shift(string userId, string startsAt, string? endsAt) =>
        new(Role, userId, DateTimeOffset.Parse(startsAt), endsAt is null ? null : DateTimeOffset.Parse(endsAt), "admin");

    public static RoleAssignment Imported(string userId, string startsAt, string endsAt, Guid sourceId) =>
        new(Role, userId, DateTimeOffset.Parse(startsAt), DateTimeOffset.Parse(endsAt), "import", AssignmentOrigin.Imported, sourceId);

    public static RosterOverride Override(
        OverrideKind kind, string userId, string? replaced, string startsAt, string endsAt, string createdAt) =>
        new(Role, kind, userId, replaced, DateTimeOffset.Parse(startsAt), DateTimeOffset.Parse(endsAt), "cover", "admin", DateTimeOffset.Parse(createdAt));

    public static BackupContact Backup(string userId, string windowStart, string windowEnd) =>
        new(Role, userId, TimeOnly.Parse(windowStart), TimeOnly.Parse(windowEnd), LongAgo, null, "admin", LongAgo);

    public static RosterInputs Inputs(
        TimeZoneInfo? zone = null,
        RoleAssignment[]? shifts = null,
        Rotation[]? rotations = null,
        RosterOverride[]? overrides = null,
        BackupContact[]? backups = null) =>
        new(zone ?? TimeZoneInfo.Utc, shifts ?? [], rotations ?? [], overrides ?? [], backups ?? []);
}
