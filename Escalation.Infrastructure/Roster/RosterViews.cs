using CsvHelper;
using Escalation.Domain.Ladders;
using Escalation.Domain.Roster;

namespace Escalation.Infrastructure.Roster;

/// <summary>
/// The roster as people look at it: who holds every role now and next, a week's timeline, who a Critical message
/// would reach through each layer, the gaps ahead, the schedule sources' sync lag, and the 30-day export.
/// Everything is computed from the same <see cref="UnitRoster"/> the engine resolves layers with.
/// </summary>
public sealed partial class RosterViews(IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock)
{
    /// <summary>How far ahead gaps are looked for (the issue's 72 hours; Roster:GapHorizonHours overrides it).</summary>
    public TimeSpan GapHorizon { get; init; } = TimeSpan.FromHours(72);

    public async Task<UnitRosterView?> UnitAsync(Guid unitId, int days = 7, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var until = now.AddDays(Math.Max(days, 1));
        var horizon = now + GapHorizon > until ? now + GapHorizon : until;
        var roster = await UnitRoster.LoadAsync(db, new UnitId(unitId), now, horizon, cancellationToken);
        if (roster is null)
        {
            return null;
        }

        var names = await NamesAsync(db, cancellationToken);
        var labels = await SourceLabelsAsync(db, cancellationToken);
        var roles = roster.Roles.OrderBy(r => r.Kind).ThenBy(r => r.Name).ToList();
        var nowView = roles.Select(r =>
        {
            var next = roster.NextChange(r.Id, now, horizon);
            return new RoleNowView(r.Id.Value, r.Name, r.Kind, Holders(roster.HoldersAt(r.Id, now), names, labels), next,
                next is { } at ? Holders(roster.HoldersAt(r.Id, at), names, labels) : []);
        }).ToList();
        var week = roles.Select(r => new RoleTimelineView(r.Id.Value, r.Name,
            roster.Timeline(r.Id, now, until).Select(s => new SegmentView(s.StartsAt, s.EndsAt, Holders(s.Holders, names, labels))).ToList())).ToList();

        var ladders = await LaddersInUseAsync(db, cancellationToken);
        var critical = ladders.FirstOrDefault(l => l.Tier == Tier.Critical).Ladder;
        var criticalNow = critical is null ? [] : critical.Layers.Select((layer, index) =>
        {
            var (kind, holders) = roster.Resolve(layer.Roles, now);
            return new LayerReceiverView(index + 1, layer.Roles.Select(k => RoleName(roster, k)).ToList(), layer.Timeout, layer.Channels.ToString(),
                kind is null ? null : roster.Roles.First(r => r.Kind == kind).Name,
                holders.Select(h => View(h, false, names, labels)).ToList());
        }).ToList();
        var gaps = await GapsAsync(db, [roster], ladders, now, now + GapHorizon, names, cancellationToken);
        return new UnitRosterView(unitId, roster.Unit.Code, roster.Unit.Name, roster.Unit.TimeZoneId, now, nowView, week, criticalNow, gaps);
    }

    public async Task<WhoView?> WhoAsync(Guid unitId, Guid roleId, DateTimeOffset? at, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var instant = at ?? clock.GetUtcNow();
        var roster = await UnitRoster.LoadAsync(db, new UnitId(unitId), instant, instant + GapHorizon, cancellationToken);
        var role = roster?.Roles.FirstOrDefault(r => r.Id.Value == roleId);
        if (roster is null || role is null)
        {
            return null;
        }

        var names = await NamesAsync(db, cancellationToken);
        var labels = await SourceLabelsAsync(db, cancellationToken);
        var holders = roster.HoldersAt(role.Id, instant);
        return new WhoView(roster.Unit.Code, role.Name, instant,
            holders.Primary.Select(h => View(h, false, names, labels)).ToList(), holders.Backup.Select(h => View(h, true, names, labels)).ToList(),
            holders.Effective.Select(h => names.GetValueOrDefault(h.UserId, (h.UserId, null)).Name).ToList(), roster.NextChange(role.Id, instant, instant + GapHorizon));
    }

    /// <summary>For a ladder being edited: who each layer (its fallback role kinds, in order) would reach in the unit right now.</summary>
    public async Task<IReadOnlyList<string>> WhoWouldReceiveAsync(Guid unitId, IReadOnlyList<IReadOnlyList<ClinicalRoleKind>> layers, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var roster = await UnitRoster.LoadAsync(db, new UnitId(unitId), now, now.AddMinutes(1), cancellationToken);
        if (roster is null)
        {
            return layers.Select(_ => "unknown unit").ToList();
        }

        var names = await NamesAsync(db, cancellationToken);
        return layers.Select(kinds =>
        {
            var (kind, holders) = roster.Resolve(kinds, now);
            return kind is null
                ? "nobody on duty: this layer would be skipped"
                : $"{string.Join(", ", holders.Select(h => names.GetValueOrDefault(h.UserId, (h.UserId, null)).Name))} ({RoleName(roster, kind.Value)})";
        }).ToList();
    }


    /// <summary>The unit's own name for a role kind ("Charge nurse"), as people read it on the page and in the digest.</summary>
    private static string RoleName(UnitRoster roster, ClinicalRoleKind kind) => roster.Roles.FirstOrDefault(r => r.Kind == kind)?.Name ?? kind.ToString();

    private static async Task<Dictionary<string, (string Name, string? Email)>> NamesAsync(EscalationDbContext db, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => (u.DisplayName, u.Email), cancellationToken);

    private static async Task<Dictionary<Guid, string>> SourceLabelsAsync(EscalationDbContext db, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<Guid, string>();
        foreach (var s in await db.ScheduleSources.AsNoTracking().Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken))
        {
            labels[s.Id] = $"Import: {s.Name}";
        }

        foreach (var r in await db.Rotations.AsNoTracking().Select(r => new { r.Id, r.Name }).ToListAsync(cancellationToken))
        {
            labels[r.Id] = $"Rotation: {r.Name}";
        }

        foreach (var o in await db.RosterOverrides.AsNoTracking().Select(o => new { o.Id, o.Kind, o.Reason }).ToListAsync(cancellationToken))
        {
            labels[o.Id] = string.IsNullOrEmpty(o.Reason) ? $"Override ({o.Kind})" : $"Override ({o.Kind}): {o.Reason}";
        }

        return labels;
    }

    private static List<HolderView> Holders(RoleHolders holders, Dictionary<string, (string Name, string? Email)> names, Dictionary<Guid, string> labels) =>
        holders.Primary.Select(h => View(h, false, names, labels)).Concat(holders.Primary.Count > 0 ? [] : holders.Backup.Select(h => View(h, true, names, labels))).ToList();

    private static HolderView View(Holder holder, bool backup, Dictionary<string, (string Name, string? Email)> names, Dictionary<Guid, string> labels) =>
        new(holder.UserId, names.GetValueOrDefault(holder.UserId, (holder.UserId, null)).Name, Label(holder, labels), backup || holder.Source == HolderSource.Backup);

    /// <summary>Where a holder comes from, as people read it: "Manual shift", "Import: QGenda ED", "Rotation: ED nurses", ...</summary>
    private static string Label(Holder holder, Dictionary<Guid, string> labels) => holder.Source switch
    {
        HolderSource.Shift => "Manual shift",
        HolderSource.Backup => "Backup contact",
        _ => labels.GetValueOrDefault(holder.SourceId, holder.Source.ToString()),
    };
}
