namespace Escalation.Infrastructure.Roster;

/// <summary>One unit's roster page: who holds each role now and next, a week's timeline, who a Critical message would reach now, and the gaps ahead.</summary>
public sealed record UnitRosterView(
    Guid UnitId, string UnitCode, string UnitName, string TimeZoneId, DateTimeOffset At,
    IReadOnlyList<RoleNowView> Now, IReadOnlyList<RoleTimelineView> Week, IReadOnlyList<LayerReceiverView> CriticalNow, RosterGaps Gaps);

public sealed record RoleNowView(Guid RoleId, string Role, ClinicalRoleKind Kind, IReadOnlyList<HolderView> Holders, DateTimeOffset? NextChangeAt, IReadOnlyList<HolderView> NextHolders);

public sealed record RoleTimelineView(Guid RoleId, string Role, IReadOnlyList<SegmentView> Segments);

public sealed record SegmentView(DateTimeOffset StartsAt, DateTimeOffset EndsAt, IReadOnlyList<HolderView> Holders);

/// <summary>One person holding a role, and where that comes from ("Manual shift", "Import: QGenda ED", ...).</summary>
public sealed record HolderView(string UserId, string DisplayName, string Source, bool IsBackup);
