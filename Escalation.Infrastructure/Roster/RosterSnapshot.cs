namespace Escalation.Infrastructure.Roster;

/// <summary>
/// Who holds each clinical role of one unit at one instant, read fresh from the database when a layer starts: no
/// cache that could send a page to yesterday's on-call physician. The engine asks this for every step, so the
/// common case costs two round trips: the shifts covering the instant (active people only), and whether any
/// rotation, override or backup contact of the unit touches it. Only then is the whole <see cref="UnitRoster"/>
/// read and combined by the roster calculator.
/// </summary>
public sealed class RosterSnapshot
{
    private readonly UnitRoster? _roster;
    private readonly Dictionary<ClinicalRoleKind, List<string>>? _shiftHolders;
    private readonly DateTimeOffset _at;

    private RosterSnapshot(UnitRoster? roster, Dictionary<ClinicalRoleKind, List<string>>? shiftHolders, DateTimeOffset at)
    {
        _roster = roster;
        _shiftHolders = shiftHolders;
        _at = at;
    }

    public static async Task<RosterSnapshot> LoadAsync(EscalationDbContext db, UnitId unitId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // The window only narrows what is read; holders are computed at exactly `at`. It is a minute wide, not a tick:
        // the databases keep instants to 0.1 ms (SQLite's binary form) or 1 us (PostgreSQL), so a rotation that became
        // effective at `at` would fail an "effective before at + 1 tick" test once stored.
        var until = at.AddMinutes(1);
        var roles = db.ClinicalRoles.Where(r => r.UnitId == unitId).Select(r => r.Id);
        var hasMore = await db.Rotations.Where(r => roles.Contains(r.RoleId) && r.EffectiveFrom < until && (r.EffectiveUntil == null || r.EffectiveUntil > at)).Select(r => 1)
            .Concat(db.RosterOverrides.Where(o => roles.Contains(o.RoleId) && o.StartsAt < until && o.EndsAt > at).Select(o => 1))
            .Concat(db.BackupContacts.Where(b => roles.Contains(b.RoleId) && b.EffectiveFrom < until && (b.EffectiveUntil == null || b.EffectiveUntil > at)).Select(b => 1))
            .AnyAsync(cancellationToken);
        if (hasMore)
        {
            return new RosterSnapshot(await UnitRoster.LoadAsync(db, unitId, at, until, cancellationToken), null, at);
        }

        var rows = await (from assignment in db.RoleAssignments
                          join role in db.ClinicalRoles on assignment.RoleId equals role.Id
                          join user in db.Users on assignment.UserId equals user.Id
                          where role.UnitId == unitId && user.IsActive && assignment.StartsAt <= at && (assignment.EndsAt == null || assignment.EndsAt > at)
                          select new { role.Kind, assignment.UserId }).ToListAsync(cancellationToken);
        return new RosterSnapshot(null, rows.GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.Select(r => r.UserId).Distinct().Order(StringComparer.Ordinal).ToList()), at);
    }

    /// <summary>The first of the roles that somebody holds, and everybody holding it (primary, else backup).</summary>
    public LayerRecipients Resolve(IReadOnlyList<ClinicalRoleKind> roles)
    {
        foreach (var role in roles)
        {
            var holders = Holders(role);
            if (holders.Count > 0)
            {
                return new LayerRecipients(role, holders);
            }
        }

        return LayerRecipients.Nobody;
    }

    public IReadOnlyList<string> Holders(ClinicalRoleKind role)
    {
        if (_shiftHolders is not null)
        {
            return _shiftHolders.TryGetValue(role, out var users) ? users : [];
        }

        return _roster?.Resolve([role], _at).Holders.Select(h => h.UserId).ToList() ?? [];
    }
}
