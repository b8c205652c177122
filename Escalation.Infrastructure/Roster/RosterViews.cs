using System.Globalization;
using CsvHelper;
using Escalation.Domain.Ladders;
using Escalation.Domain.Messages;
using Escalation.Domain.Organisation;
using Escalation.Domain.Roster;
using Escalation.Infrastructure.Persistence;
using Escalation.Infrastructure.RosterSync;
using Microsoft.EntityFrameworkCore;

namespace Escalation.Infrastructure.Roster;

public sealed record HolderView(string UserId, string DisplayName, string Source, bool IsBackup);

public sealed record RoleNowView(Guid RoleId, string Role, ClinicalRoleKind Kind, IReadOnlyList<HolderView> Holders, DateTimeOffset? NextChangeAt, IReadOnlyList<HolderView> NextHolders);

public sealed record SegmentView(DateTimeOffset StartsAt, DateTimeOffset EndsAt, IReadOnlyList<HolderView> Holders);

public sealed record RoleTimelineView(Guid RoleId, string Role, IReadOnlyList<SegmentView> Segments);

public sealed record LayerReceiverView(int Layer, IReadOnlyList<string> Roles, TimeSpan Timeout, string Channels, string? ResolvedRole, IReadOnlyList<HolderView> People);

public sealed record WhoView(
    string UnitCode, string Role, DateTimeOffset At, IReadOnlyList<HolderView> Primary, IReadOnlyList<HolderView> Backup, IReadOnlyList<string> WouldBePaged, DateTimeOffset? NextChangeAt);

public sealed record RosterGapView(string UnitCode, Guid UnitId, string Ladder, int Layer, IReadOnlyList<string> Roles, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

public sealed record PhoneGapView(string UnitCode, Guid UnitId, string Ladder, int Layer, string UserId, string DisplayName, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

public sealed record RosterGaps(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<RosterGapView> Uncovered, IReadOnlyList<PhoneGapView> NoVerifiedPhone)
{
    public bool IsEmpty => Uncovered.Count == 0 && NoVerifiedPhone.Count == 0;

    /// <summary>Only the gaps of <paramref name="units"/> (all of them when null).</summary>
    public RosterGaps For(IReadOnlyCollection<Guid>? units) => units is null ? this
        : this with { Uncovered = Uncovered.Where(g => units.Contains(g.UnitId)).ToList(), NoVerifiedPhone = NoVerifiedPhone.Where(g => units.Contains(g.UnitId)).ToList() };
}

public sealed record UnitRosterView(
    Guid UnitId, string UnitCode, string UnitName, string TimeZoneId, DateTimeOffset At,
    IReadOnlyList<RoleNowView> Now, IReadOnlyList<RoleTimelineView> Week, IReadOnlyList<LayerReceiverView> CriticalNow, RosterGaps Gaps);

public sealed record SyncSourceView(
    Guid Id, string Name, string UnitCode, string Format, string Transport, string? Location, bool IsEnabled, int StaleAfterMinutes,
    DateTimeOffset? LastSourceChangedAt, DateTimeOffset? LastSyncedAt, DateTimeOffset? LastCheckedAt, TimeSpan? LastLag,
    int ChangesLast30Days, double? ShareWithin30Minutes, bool IsStale, string? LastError, double? StaleShareLast30Days);

public sealed record AssignmentExportRow(
    string UnitCode, string Role, string Person, string? Email, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool IsBackup, string SourceKind, string Source,
    DateTimeOffset? SourceChangedAt, DateTimeOffset? AppliedAt, bool? AppliedWithin30Minutes);

public sealed record ImportView(Guid Id, Guid SourceId, DateTimeOffset At, string By, string? FileName, string Outcome, int Rows, int Added, int Removed, int RejectedRows, TimeSpan? Lag, IReadOnlyList<string> Errors);

/// <summary>
/// The roster as people look at it: who holds every role now and next, a week's timeline, who a Critical message
/// would reach through each layer, the gaps ahead, the schedule sources' sync lag, and the 30-day export.
/// Everything is computed from the same <see cref="UnitRoster"/> the engine resolves layers with.
/// </summary>
public sealed class RosterViews(IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock)
{
    /// <summary>How far ahead gaps are looked for (the issue's 72 hours; Roster:GapHorizonHours overrides it).</summary>
    public TimeSpan GapHorizon { get; init; } = TimeSpan.FromHours(72);

    public static readonly TimeSpan TimelyWithin = TimeSpan.FromMinutes(30);

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

    /// <summary>Every unit's gaps from now to the horizon: layers of ladders in use that nobody would receive, and callers without a verified phone.</summary>
    public async Task<RosterGaps> GapsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var units = await db.Units.AsNoTracking().Include(u => u.Roles).OrderBy(u => u.Code).ToListAsync(cancellationToken);
        var rosters = new List<UnitRoster>();
        foreach (var unit in units)
        {
            rosters.Add(await UnitRoster.LoadAsync(db, unit, now, now + GapHorizon, cancellationToken));
        }

        return await GapsAsync(db, rosters, await LaddersInUseAsync(db, cancellationToken), now, now + GapHorizon, await NamesAsync(db, cancellationToken), cancellationToken);
    }

    /// <summary>The schedule sources feeding <paramref name="units"/> (every unit when null), with their sync health.</summary>
    public async Task<IReadOnlyList<SyncSourceView>> SourcesAsync(IReadOnlyCollection<Guid>? units = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var since = now.AddDays(-30);
        var query = db.ScheduleSources.AsNoTracking();
        if (units is not null)
        {
            var wanted = units.Select(u => new UnitId(u)).ToList();
            query = query.Where(s => wanted.Contains(s.DefaultUnitId));
        }

        var sources = await query.OrderBy(s => s.Name).ToListAsync(cancellationToken);
        var codes = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Code, cancellationToken);
        var imports = await db.ScheduleImports.AsNoTracking()
            .Where(i => i.At >= since && (i.Outcome == ImportOutcome.Applied || i.Outcome == ImportOutcome.Unchanged)).ToListAsync(cancellationToken);
        return sources.Select(s =>
        {
            var confirmed = imports.Where(i => i.SourceId == s.Id).OrderBy(i => i.At).ToList();
            var applied = confirmed.Where(i => i.Outcome == ImportOutcome.Applied).ToList();
            var lag = SyncLag.Of(applied, TimelyWithin);
            var staleShare = s.Transport == ScheduleTransport.Upload
                ? (double?)null
                : SyncLag.StaleShare(confirmed.Select(i => i.At), s.CreatedAt, since, now, TimeSpan.FromMinutes(s.StaleAfterMinutes));
            return new SyncSourceView(s.Id, s.Name, codes.GetValueOrDefault(s.DefaultUnitId, "?"), s.Format.ToString(), s.Transport.ToString(), s.Location, s.IsEnabled,
                s.StaleAfterMinutes, s.LastSourceChangedAt, s.LastSyncedAt, s.LastCheckedAt, applied.LastOrDefault()?.Lag, lag.Changes, lag.ShareTimely,
                s.IsStale(now), s.LastError, staleShare);
        }).ToList();
    }

    public async Task<IReadOnlyList<ImportView>> ImportsAsync(Guid? sourceId, int take = 20, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.ScheduleImports.AsNoTracking();
        if (sourceId is { } id)
        {
            query = query.Where(i => i.SourceId == id);
        }

        var rows = await query.ToListAsync(cancellationToken);
        return rows.OrderByDescending(i => i.At).Take(take).Select(i => new ImportView(i.Id, i.SourceId, i.At, i.By, i.FileName, i.Outcome.ToString(), i.Rows, i.Added, i.Removed, i.RejectedRows, i.Lag,
            string.IsNullOrEmpty(i.Errors) ? [] : i.Errors.Split('\n'))).ToList();
    }

    /// <summary>
    /// CSV of every assignment over [now - days, now): unit, role, person, when, where it came from, and for an
    /// imported shift when the source changed, when we applied it and whether that was within 30 minutes.
    /// </summary>
    public async Task<string> ExportCsvAsync(int days = 30, IReadOnlyCollection<Guid>? units = null, CancellationToken cancellationToken = default)
    {
        var rows = await AssignmentsAsync(days, units, cancellationToken);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, ExportOptions, leaveOpen: true))
        {
            csv.WriteRecord(["Unit", "Role", "Person", "Email", "Starts (UTC)", "Ends (UTC)", "Backup", "Source kind", "Source", "Source changed (UTC)", "Applied (UTC)", "Applied within 30 min"]);
            foreach (var row in rows)
            {
                csv.WriteRecord([row.UnitCode, row.Role, row.Person, row.Email ?? string.Empty, Iso(row.StartsAt), Iso(row.EndsAt), row.IsBackup ? "yes" : "no", row.SourceKind,
                    row.Source, Iso(row.SourceChangedAt), Iso(row.AppliedAt), row.AppliedWithin30Minutes is { } timely ? (timely ? "yes" : "no") : string.Empty]);
            }
        }

        return text.ToString();
    }

    /// <summary>Every assignment over [now - days, now), for the CSV and the compliance workbook.</summary>
    public async Task<IReadOnlyList<AssignmentExportRow>> AssignmentsAsync(int days = 30, IReadOnlyCollection<Guid>? units = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var from = now.AddDays(-days);
        var names = await NamesAsync(db, cancellationToken);
        var labels = await SourceLabelsAsync(db, cancellationToken);
        var imports = await db.ScheduleImports.AsNoTracking().ToDictionaryAsync(i => i.Id, cancellationToken);
        var importOf = await db.RoleAssignments.AsNoTracking().Where(a => a.ImportId != null && a.StartsAt < now && (a.EndsAt == null || a.EndsAt > from))
            .Select(a => new { a.Id, a.ImportId, a.RoleId, a.UserId, a.SourceId }).ToListAsync(cancellationToken);
        var query = db.Units.AsNoTracking().Include(u => u.Roles).AsQueryable();
        if (units is not null)
        {
            var wanted = units.Select(u => new UnitId(u)).ToList();
            query = query.Where(u => wanted.Contains(u.Id));
        }

        var chosen = await query.OrderBy(u => u.Code).ToListAsync(cancellationToken);

        var rows = new List<AssignmentExportRow>();
        foreach (var unit in chosen)
        {
            var roster = await UnitRoster.LoadAsync(db, unit, from, now, cancellationToken);
            foreach (var role in unit.Roles.OrderBy(r => r.Kind).ThenBy(r => r.Name))
            {
                foreach (var segment in roster.Timeline(role.Id, from, now))
                {
                    foreach (var (holder, backup) in segment.Holders.Primary.Select(h => (h, false)).Concat(segment.Holders.Backup.Select(h => (h, true))))
                    {
                        ScheduleImport? import = null;
                        if (holder.Source == HolderSource.Import)
                        {
                            var shift = importOf.FirstOrDefault(a => a.RoleId == role.Id && a.UserId == holder.UserId && a.SourceId == holder.SourceId);
                            import = shift?.ImportId is { } importId ? imports.GetValueOrDefault(importId) : null;
                        }

                        var (name, email) = names.GetValueOrDefault(holder.UserId, (holder.UserId, null));
                        rows.Add(new AssignmentExportRow(unit.Code, role.Name, name, email, segment.StartsAt, segment.EndsAt, backup, holder.Source.ToString(),
                            Label(holder, labels), import?.SourceChangedAt, import?.At, import?.Lag is { } lag ? lag <= TimelyWithin : null));
                    }
                }
            }
        }

        return rows;
    }

    private async Task<RosterGaps> GapsAsync(
        EscalationDbContext db, IReadOnlyList<UnitRoster> rosters, IReadOnlyList<(Tier Tier, Ladder Ladder)> ladders, DateTimeOffset from, DateTimeOffset to,
        Dictionary<string, (string Name, string? Email)> names, CancellationToken cancellationToken)
    {
        var uncovered = new List<RosterGapView>();
        var phones = new List<PhoneGapView>();
        var verified = (await db.Users.AsNoTracking().Where(u => u.PhoneNumberConfirmed && u.PhoneNumber != null).Select(u => u.Id).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var roster in rosters)
        {
            foreach (var (_, ladder) in ladders.DistinctBy(l => l.Ladder.Id))
            {
                for (var index = 0; index < ladder.Layers.Count; index++)
                {
                    var layer = ladder.Layers[index];
                    var timelines = layer.Roles.SelectMany(kind => roster.Roles.Where(r => r.Kind == kind)).Select(r => roster.Timeline(r.Id, from, to)).ToList();
                    foreach (var (start, end) in RosterCalculator.Uncovered(timelines, from, to))
                    {
                        uncovered.Add(new RosterGapView(roster.Unit.Code, roster.Unit.Id.Value, ladder.Name, index + 1, layer.Roles.Select(k => RoleName(roster, k)).ToList(), start, end));
                    }

                    if (!layer.Channels.HasFlag(Channels.Voice))
                    {
                        continue;
                    }

                    // Who the layer would call: the first fallback role anyone holds, segment by segment.
                    foreach (var segment in timelines.SelectMany(t => t).Where(s => s.Holders.Effective.Count > 0))
                    {
                        foreach (var holder in segment.Holders.Effective.Where(h => !verified.Contains(h.UserId)))
                        {
                            phones.Add(new PhoneGapView(roster.Unit.Code, roster.Unit.Id.Value, ladder.Name, index + 1, holder.UserId,
                                names.GetValueOrDefault(holder.UserId, (holder.UserId, null)).Name, segment.StartsAt, segment.EndsAt));
                        }
                    }
                }
            }
        }

        var mergedPhones = phones.GroupBy(p => (p.UnitId, p.Ladder, p.Layer, p.UserId))
            .Select(g => g.OrderBy(p => p.StartsAt).First() with { EndsAt = g.Max(p => p.EndsAt) }).ToList();
        return new RosterGaps(from, to, uncovered.OrderBy(g => g.StartsAt).ThenBy(g => g.UnitCode).ToList(), mergedPhones.OrderBy(p => p.StartsAt).ToList());
    }

    /// <summary>The current ladder of every tier that escalates: a gap only matters for a ladder a message can climb.</summary>
    internal static async Task<IReadOnlyList<(Tier Tier, Ladder Ladder)>> LaddersInUseAsync(EscalationDbContext db, CancellationToken cancellationToken)
    {
        var policies = await db.TierPolicies.AsNoTracking().Where(p => p.Escalates).ToListAsync(cancellationToken);
        var families = policies.Select(p => p.LadderFamilyId).ToList();
        var ladders = await db.Ladders.AsNoTracking().Where(l => l.IsCurrent && families.Contains(l.FamilyId)).ToListAsync(cancellationToken);
        return policies.OrderBy(p => p.Tier).Select(p => (p.Tier, ladders.FirstOrDefault(l => l.FamilyId == p.LadderFamilyId)))
            .Where(x => x.Item2 is not null).Select(x => (x.Tier, x.Item2!)).ToList();
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

    /// <summary>
    /// RFC 4180 quoting, and names a spreadsheet would run as a formula (a person called "=HYPERLINK(...)") are written
    /// as text: the export is opened in Excel by compliance staff.
    /// </summary>
    private static readonly CsvWriterOptions ExportOptions = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };

    private static string Iso(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? string.Empty;
}

/// <summary>How quickly a source's changes reached the roster: one place computes it for the roster page, the export and metrics.</summary>
public sealed record SyncLag(int Changes, int Timely, double? ShareTimely)
{
    /// <summary>
    /// The share of [from, to) during which the source was stale: more than <paramref name="staleAfter"/> since we last
    /// confirmed it (an applied or unchanged import), counting from when the source was set up.
    /// </summary>
    public static double StaleShare(IEnumerable<DateTimeOffset> confirmations, DateTimeOffset createdAt, DateTimeOffset from, DateTimeOffset to, TimeSpan staleAfter)
    {
        var start = createdAt > from ? createdAt : from;
        if (start >= to)
        {
            return 0;
        }

        var points = confirmations.Where(c => c < to).Append(createdAt).Order().ToList();
        var stale = TimeSpan.Zero;
        for (var i = 0; i < points.Count; i++)
        {
            // Between one confirmation and the next (or the end), the source is stale from confirmation + staleAfter.
            var staleFrom = points[i] + staleAfter;
            var until = i + 1 < points.Count ? points[i + 1] : to;
            var a = staleFrom > start ? staleFrom : start;
            var b = until < to ? until : to;
            if (b > a)
            {
                stale += b - a;
            }
        }

        return stale / (to - start);
    }

    public static SyncLag Of(IEnumerable<ScheduleImport> applied, TimeSpan within)
    {
        var lags = applied.Select(i => i.Lag).Where(l => l is not null).Select(l => l!.Value).ToList();
        var timely = lags.Count(l => l <= within);
        return new SyncLag(lags.Count, timely, lags.Count == 0 ? null : (double)timely / lags.Count);
    }
}
