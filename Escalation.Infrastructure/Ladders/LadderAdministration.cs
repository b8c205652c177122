using Escalation.Domain.Ladders;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Roster;

namespace Escalation.Infrastructure.Ladders;

public sealed record LadderView(Guid FamilyId, Guid VersionId, int Version, string Name, IReadOnlyList<LayerView> Layers, string ChangedBy, DateTimeOffset ChangedAt, string ChangeNote, IReadOnlyList<string> Warnings);

/// <summary>A layer as the API and pages read it; the enums serialize by name, so the JSON is the names.</summary>
public sealed record LayerView(IReadOnlyList<ClinicalRoleKind> Roles, int TimeoutSeconds, IReadOnlyList<Channels> Channels)
{
    public Layer ToLayer() => new(Roles, TimeSpan.FromSeconds(TimeoutSeconds), Channels.Aggregate(Domain.Ladders.Channels.None, (all, c) => all | c));
}

/// <summary>A tier's policy; the two acknowledgment windows (minutes) are null for Routine, which is never reminded.</summary>
public sealed record TierPolicyView(Tier Tier, bool Escalates, Guid LadderId, string LadderName, bool RequiresAck, string UpdatedBy, DateTimeOffset UpdatedAt,
    int? AckReminderMinutes = null, int? AckBoardMinutes = null)
{
    public static TierPolicyView Of(TierPolicy policy, string ladderName) =>
        new(policy.Tier, policy.Escalates, policy.LadderFamilyId, ladderName, policy.RequiresAck, policy.UpdatedBy, policy.UpdatedAt,
            policy.AckReminderMinutes, policy.AckBoardMinutes);
}

/// <summary>The forgotten-acknowledgment windows to set with a tier change, in whole minutes from the acknowledgment.</summary>
public sealed record AckWindowMinutes(int Reminder, int Board);

/// <summary>What administrators change about tiers and ladders; every change is a new version and an audit entry.</summary>
public sealed class LadderAdministration(IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<LadderView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ladders = await db.Ladders.AsNoTracking().Where(l => l.IsCurrent).OrderBy(l => l.Name).ToListAsync(cancellationToken);
        var policies = await db.TierPolicies.AsNoTracking().ToListAsync(cancellationToken);
        return ladders.Select(l => ToView(l, policies)).ToList();
    }

    public async Task<IReadOnlyList<LadderView>> HistoryAsync(Guid familyId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var versions = await db.Ladders.AsNoTracking().Where(l => l.FamilyId == familyId).OrderByDescending(l => l.Version).ToListAsync(cancellationToken);
        return versions.Select(l => ToView(l, [])).ToList();
    }

    /// <summary>Every version of a ladder, newest first, each with what it changed against the one before.</summary>
    public async Task<IReadOnlyList<LadderVersionView>> VersionsAsync(Guid familyId, CancellationToken cancellationToken = default) =>
        LadderChanges.Of(await HistoryAsync(familyId, cancellationToken));

    /// <summary>
    /// For a ladder being edited: who each layer (its fallback roles, in order) would reach in the unit right now,
    /// resolved on the same <see cref="UnitRoster"/> the engine starts layers with. Null for an unknown unit.
    /// </summary>
    public async Task<IReadOnlyList<LayerReceivers>?> ReceiversAsync(Guid unitId, IReadOnlyList<IReadOnlyList<ClinicalRoleKind>> layers, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var roster = await UnitRoster.LoadAsync(db, new UnitId(unitId), now, now.AddMinutes(1), cancellationToken);
        if (roster is null)
        {
            return null;
        }

        var resolved = layers.Select(kinds => roster.Resolve(kinds, now)).ToList();
        var ids = resolved.SelectMany(r => r.Holders).Select(h => h.UserId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return resolved.Select(r => r.Kind is not { } kind
                ? LayerReceivers.Gap
                : new LayerReceivers(kind, roster.Roles.FirstOrDefault(role => role.Kind == kind)?.Name ?? kind.Words(),
                    r.Holders.Select(h => names.GetValueOrDefault(h.UserId, h.UserId)).ToList()))
            .ToList();
    }

    public async Task<LadderView> CreateAsync(string name, IReadOnlyList<Layer> layers, string actor, string? changeNote, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Ladders.AnyAsync(l => l.IsCurrent && l.Name == name.Trim(), cancellationToken))
        {
            throw new EngineException("duplicate-name", $"A ladder named '{name.Trim()}' already exists.");
        }

        var now = clock.GetUtcNow();
        var ladder = Ladder.Create(name, layers, actor, now, string.IsNullOrWhiteSpace(changeNote) ? "Created" : changeNote);
        db.Ladders.Add(ladder);
        await AuditWriter.SaveAsync(db, [new AuditRecord(now, actor, "LadderVersionCreated", Detail: $"'{ladder.Name}' v1 ({ladder.Id}): {Describe(layers)}")], cancellationToken);
        return ToView(ladder, []);
    }

    public async Task<LadderView?> ReviseAsync(Guid familyId, string name, IReadOnlyList<Layer> layers, string actor, string? changeNote, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The old version stops being current in the same save; of two editors racing, the second fails on the unique (family, version).
        var next = await AuditWriter.SaveAsync<Ladder?>(db, async () =>
        {
            var current = await db.Ladders.SingleOrDefaultAsync(l => l.FamilyId == familyId && l.IsCurrent, cancellationToken);
            if (current is null)
            {
                return (null, []);
            }

            var now = clock.GetUtcNow();
            var revised = current.Revise(name, layers, actor, string.IsNullOrWhiteSpace(changeNote) ? "Edited" : changeNote, now);
            db.Ladders.Add(revised);
            return (revised, [new AuditRecord(now, actor, "LadderVersionCreated",
                Detail: $"'{revised.Name}' v{revised.Version} ({revised.Id}) replaces v{current.Version}: {Describe(layers)}; note: {revised.ChangeNote}")]);
        }, cancellationToken);
        if (next is null)
        {
            return null;
        }

        var policies = await db.TierPolicies.AsNoTracking().ToListAsync(cancellationToken);
        return ToView(next, policies);
    }

    public async Task<IReadOnlyList<TierPolicyView>> TiersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var policies = await db.TierPolicies.AsNoTracking().ToListAsync(cancellationToken);
        var ladders = await db.Ladders.AsNoTracking().Where(l => l.IsCurrent).ToListAsync(cancellationToken);
        return policies.OrderBy(p => p.Tier)
            .Select(p => TierPolicyView.Of(p, ladders.FirstOrDefault(l => l.FamilyId == p.LadderFamilyId)?.Name ?? "?"))
            .ToList();
    }

    /// <summary>
    /// Changes a tier's policy and, when given, its forgotten-acknowledgment windows: everything is checked before the
    /// save, so bad input changes nothing; one audit entry says the whole new policy.
    /// </summary>
    public async Task<TierPolicyView> UpdateTierAsync(Tier tier, bool escalates, Guid ladderFamilyId, bool requiresAck, string actor,
        AckWindowMinutes? ackWindows = null, CancellationToken cancellationToken = default)
    {
        if (ackWindows is { } checkedFirst)
        {
            AckWindows.Check(tier, checkedFirst.Reminder, checkedFirst.Board);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await AuditWriter.SaveAsync<TierPolicyView>(db, async () =>
        {
            var ladder = await db.Ladders.AsNoTracking().SingleOrDefaultAsync(l => l.FamilyId == ladderFamilyId && l.IsCurrent, cancellationToken)
                ?? throw new EngineException("unknown-ladder", $"No ladder {ladderFamilyId}.");
            var policy = await db.TierPolicies.SingleAsync(p => p.Tier == tier, cancellationToken);
            var now = clock.GetUtcNow();
            policy.Update(escalates, ladder.FamilyId, requiresAck, actor, now);
            if (ackWindows is { } windows)
            {
                policy.SetAckWindows(windows.Reminder, windows.Board, actor, now);
            }

            var reminders = policy.AckWindows is { } set
                ? $", reminder after {set.RemindAfter.TotalMinutes:0} min, on the board after {set.BoardAfter.TotalMinutes:0} min"
                : string.Empty;
            return (TierPolicyView.Of(policy, ladder.Name),
                [new AuditRecord(now, actor, "TierPolicyChanged", Detail: $"{tier}: escalates={escalates}, ladder '{ladder.Name}', ack required={requiresAck}{reminders}")]);
        }, cancellationToken);
    }

    private static LadderView ToView(Ladder ladder, IReadOnlyList<TierPolicy> policies)
    {
        var warnings = policies.Where(p => p.LadderFamilyId == ladder.FamilyId)
            .SelectMany(p => Ladder.Guidance(p.Tier, ladder.Layers))
            .Distinct()
            .ToList();
        return new LadderView(ladder.FamilyId, ladder.Id.Value, ladder.Version, ladder.Name,
            ladder.Layers.Select(l => new LayerView(l.Roles.ToList(), (int)l.Timeout.TotalSeconds, LadderWords.Split(l.Channels))).ToList(),
            ladder.ChangedBy, ladder.ChangedAt, ladder.ChangeNote, warnings);
    }

    /// <summary>"Primary nurse 2 min -> Charge nurse 3 min": the audit trail is read by people, in the ladder's own words.</summary>
    private static string Describe(IReadOnlyList<Layer> layers) =>
        string.Join(" -> ", layers.Select(l => $"{LadderWords.Roles(l.Roles)} {LadderWords.Duration(l.Timeout)}"));
}
