using Escalation.Domain.Messages;
using Escalation.Domain.Organisation;
using Escalation.Infrastructure.Persistence;

namespace Escalation.Infrastructure.Roster;

/// <summary>
/// Who holds each clinical role of one unit at one instant, read fresh from the database when a layer starts
/// (shifts, rotations, overrides, backups, through <see cref="UnitRoster"/>): no cache that could send a page to
/// yesterday's on-call physician.
/// </summary>
public sealed class RosterSnapshot
{
    private readonly UnitRoster? _roster;
    private readonly DateTimeOffset _at;

    private RosterSnapshot(UnitRoster? roster, DateTimeOffset at)
    {
        _roster = roster;
        _at = at;
    }

    public static async Task<RosterSnapshot> LoadAsync(EscalationDbContext db, UnitId unitId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // The window only narrows what is read; holders are computed at exactly `at`. It is a minute wide, not a tick:
        // the databases keep instants to 0.1 ms (SQLite's binary form) or 1 us (PostgreSQL), so a rotation that became
        // effective at `at` would fail an "effective before at + 1 tick" test once stored.
        var roster = await UnitRoster.LoadAsync(db, unitId, at, at.AddMinutes(1), cancellationToken);
        return new RosterSnapshot(roster, at);
    }

    /// <summary>The first of the roles that somebody holds, and everybody holding it (primary, else backup).</summary>
    public LayerRecipients Resolve(IReadOnlyList<ClinicalRoleKind> roles)
    {
        if (_roster is null)
        {
            return LayerRecipients.Nobody;
        }

        var (kind, holders) = _roster.Resolve(roles, _at);
        return kind is null ? LayerRecipients.Nobody : new LayerRecipients(kind, holders.Select(h => h.UserId).ToList());
    }

    public IReadOnlyList<string> Holders(ClinicalRoleKind role) => _roster?.Resolve([role], _at).Holders.Select(h => h.UserId).ToList() ?? [];
}
