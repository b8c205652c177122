using Escalation.Domain.Roster;

namespace Escalation.Infrastructure.Roster;

/// <summary>
/// Everything that decides who holds the roles of one unit over one interval, read in one go from the database:
/// the shifts, rotations, overrides and backup contacts that touch the interval, and which people are active.
/// Read fresh for every question (a layer starting, a page rendering): there is no cache to go stale, so an
/// override saved a moment ago is what the next layer sees.
/// </summary>
public sealed class UnitRoster
{
    private readonly Dictionary<ClinicalRoleId, RosterInputs> _inputs;
    private readonly HashSet<string> _active;

    private UnitRoster(Unit unit, TimeZoneInfo zone, Dictionary<ClinicalRoleId, RosterInputs> inputs, HashSet<string> active)
    {
        Unit = unit;
        Zone = zone;
        _inputs = inputs;
        _active = active;
    }

    public Unit Unit { get; }

    public TimeZoneInfo Zone { get; }

    public IReadOnlyList<ClinicalRole> Roles => Unit.Roles;

    public static async Task<UnitRoster?> LoadAsync(EscalationDbContext db, UnitId unitId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var unit = await db.Units.AsNoTracking().Include(u => u.Roles).SingleOrDefaultAsync(u => u.Id == unitId, cancellationToken);
        return unit is null ? null : await LoadAsync(db, unit, from, to, cancellationToken);
    }

    public static async Task<UnitRoster> LoadAsync(EscalationDbContext db, Unit unit, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var roleIds = unit.Roles.Select(r => r.Id).ToList();

        // The engine asks this for every layer that starts, so the common case (only shifts) is two round trips:
        // the shifts of active people, and whether any rotation, override or backup touches the interval at all.
        var shiftRows = await (from a in db.RoleAssignments.AsNoTracking()
                               join u in db.Users on a.UserId equals u.Id
                               where roleIds.Contains(a.RoleId) && a.StartsAt < to && (a.EndsAt == null || a.EndsAt > @from)
                               select new { Shift = a, u.IsActive }).ToListAsync(cancellationToken);
        var shifts = shiftRows.Select(r => r.Shift).ToList();
        var active = shiftRows.Where(r => r.IsActive).Select(r => r.Shift.UserId).ToHashSet(StringComparer.Ordinal);

        var extras = await db.Rotations.Where(r => roleIds.Contains(r.RoleId) && r.EffectiveFrom < to && (r.EffectiveUntil == null || r.EffectiveUntil > from)).Select(r => 1)
            .Concat(db.RosterOverrides.Where(o => roleIds.Contains(o.RoleId) && o.StartsAt < to && o.EndsAt > from).Select(o => 2))
            .Concat(db.BackupContacts.Where(b => roleIds.Contains(b.RoleId) && b.EffectiveFrom < to && (b.EffectiveUntil == null || b.EffectiveUntil > from)).Select(b => 3))
            .Distinct().ToListAsync(cancellationToken);
        var rotations = extras.Contains(1)
            ? await db.Rotations.AsNoTracking().Where(r => roleIds.Contains(r.RoleId) && r.EffectiveFrom < to && (r.EffectiveUntil == null || r.EffectiveUntil > from)).ToListAsync(cancellationToken)
            : [];
        var overrides = extras.Contains(2)
            ? await db.RosterOverrides.AsNoTracking().Where(o => roleIds.Contains(o.RoleId) && o.StartsAt < to && o.EndsAt > from).ToListAsync(cancellationToken)
            : [];
        var backups = extras.Contains(3)
            ? await db.BackupContacts.AsNoTracking().Where(b => roleIds.Contains(b.RoleId) && b.EffectiveFrom < to && (b.EffectiveUntil == null || b.EffectiveUntil > from)).ToListAsync(cancellationToken)
            : [];

        var others = rotations.SelectMany(r => r.Participants).Concat(overrides.Select(o => o.UserId)).Concat(backups.Select(b => b.UserId))
            .Where(id => !active.Contains(id)).Distinct().ToList();
        if (others.Count > 0)
        {
            active.UnionWith(await db.Users.AsNoTracking().Where(u => others.Contains(u.Id) && u.IsActive).Select(u => u.Id).ToListAsync(cancellationToken));
        }

        var zone = unit.Zone;
        var inputs = unit.Roles.ToDictionary(
            r => r.Id,
            r => new RosterInputs(
                zone,
                shifts.Where(s => s.RoleId == r.Id).ToList(),
                rotations.Where(x => x.RoleId == r.Id).ToList(),
                overrides.Where(o => o.RoleId == r.Id).ToList(),
                backups.Where(b => b.RoleId == r.Id).ToList()));
        return new UnitRoster(unit, zone, inputs, active);
    }

    /// <summary>Who holds the role at <paramref name="at"/>: primary, then backup; deactivated people never hold anything.</summary>
    public RoleHolders HoldersAt(ClinicalRoleId roleId, DateTimeOffset at) =>
        _inputs.TryGetValue(roleId, out var inputs) ? ActiveOnly(RosterCalculator.HoldersAt(inputs, at)) : RoleHolders.None;

    /// <summary>The role's holders over [from, to) as consecutive segments (gaps are segments with nobody).</summary>
    public IReadOnlyList<RosterSegment> Timeline(ClinicalRoleId roleId, DateTimeOffset from, DateTimeOffset to)
    {
        if (!_inputs.TryGetValue(roleId, out var inputs))
        {
            return [new RosterSegment(from, to, RoleHolders.None)];
        }

        var merged = new List<RosterSegment>();
        foreach (var segment in RosterCalculator.Timeline(inputs, from, to))
        {
            var holders = ActiveOnly(segment.Holders);
            if (merged.Count > 0 && Key(merged[^1].Holders) == Key(holders))
            {
                merged[^1] = merged[^1] with { EndsAt = segment.EndsAt };
            }
            else
            {
                merged.Add(new RosterSegment(segment.StartsAt, segment.EndsAt, holders));
            }
        }

        return merged;
    }

    /// <summary>The next instant after <paramref name="after"/> when the role's effective holders change, within the loaded interval.</summary>
    public DateTimeOffset? NextChange(ClinicalRoleId roleId, DateTimeOffset after, DateTimeOffset until)
    {
        var timeline = Timeline(roleId, after, until);
        return timeline.Count > 1 ? timeline[1].StartsAt : null;
    }

    /// <summary>The first of <paramref name="kinds"/> that anyone holds at <paramref name="at"/>, and everyone holding it.</summary>
    public (ClinicalRoleKind? Kind, IReadOnlyList<Holder> Holders) Resolve(IReadOnlyList<ClinicalRoleKind> kinds, DateTimeOffset at)
    {
        foreach (var kind in kinds)
        {
            var holders = Roles.Where(r => r.Kind == kind)
                .SelectMany(r => HoldersAt(r.Id, at).Effective)
                .DistinctBy(h => h.UserId)
                .OrderBy(h => h.UserId, StringComparer.Ordinal)
                .ToList();
            if (holders.Count > 0)
            {
                return (kind, holders);
            }
        }

        return (null, []);
    }

    private RoleHolders ActiveOnly(RoleHolders holders)
    {
        if (holders.Primary.All(h => _active.Contains(h.UserId)) && holders.Backup.All(h => _active.Contains(h.UserId)))
        {
            return holders;
        }

        return new RoleHolders(holders.Primary.Where(h => _active.Contains(h.UserId)).ToList(), holders.Backup.Where(h => _active.Contains(h.UserId)).ToList());
    }

    private static string Key(RoleHolders holders) =>
        string.Join(',', holders.Primary.Select(h => $"{h.UserId}/{h.Source}/{h.SourceId}")) + "|" + string.Join(',', holders.Backup.Select(h => $"{h.UserId}/{h.SourceId}"));
}
