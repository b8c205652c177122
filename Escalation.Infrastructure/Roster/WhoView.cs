namespace Escalation.Infrastructure.Roster;

/// <summary>"Who holds role R in unit U at t": primary, backup, who would be paged, and when that changes next.</summary>
public sealed record WhoView(
    string UnitCode, string Role, DateTimeOffset At, IReadOnlyList<HolderView> Primary, IReadOnlyList<HolderView> Backup, IReadOnlyList<string> WouldBePaged, DateTimeOffset? NextChangeAt);

/// <summary>Who one layer of a ladder would reach now, and through which of its fallback roles.</summary>
public sealed record LayerReceiverView(int Layer, IReadOnlyList<string> Roles, TimeSpan Timeout, string Channels, string? ResolvedRole, IReadOnlyList<HolderView> People);
