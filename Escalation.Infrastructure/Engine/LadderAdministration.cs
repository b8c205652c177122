using Escalation.Domain.Ladders;
using Escalation.Domain.Messages;
using Escalation.Infrastructure.Audit;
using Escalation.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Escalation.Infrastructure.Engine;

public sealed record LadderView(Guid FamilyId, Guid VersionId, int Version, string Name, IReadOnlyList<LayerView> Layers, string ChangedBy, DateTimeOffset ChangedAt, string ChangeNote, IReadOnlyList<string> Warnings);

public sealed record LayerView(IReadOnlyList<string> Roles, int TimeoutSeconds, IReadOnlyList<string> Channels);

public sealed record TierPolicyView(string Tier, bool Escalates, Guid LadderId, string LadderName, bool RequiresAck, string UpdatedBy, DateTimeOffset UpdatedAt);

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

    public async Task<LadderView> CreateAsync(string name, IReadOnlyList<Layer> layers, string actor, string? changeNote, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Ladders.AnyAsync(l => l.IsCurrent && l.Name == name.Trim(), cancellationToken))
        {
            throw new EngineException("duplicate-name", $"A ladder named '{name.Trim()}' already exists.");
        }

        var now = clock.GetUtcNow();
        var ladder = Ladder.Create(name, layers, actor, now, string.IsNullOrWhiteSpace(changeNote) ? "Created" : changeNote);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Ladders.Add(ladder);
        AuditWriter.Append(db, [new AuditRecord(now, actor, "LadderVersionCreated", Detail: $"'{ladder.Name}' v1 ({ladder.Id}): {Describe(layers)}")]);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ToView(ladder, []);
    }

    public async Task<LadderView?> ReviseAsync(Guid familyId, string name, IReadOnlyList<Layer> layers, string actor, string? changeNote, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var current = await db.Ladders.SingleOrDefaultAsync(l => l.FamilyId == familyId && l.IsCurrent, cancellationToken);
        if (current is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var next = current.Revise(name, layers, actor, string.IsNullOrWhiteSpace(changeNote) ? "Edited" : changeNote, now);
        db.Ladders.Add(next);
        AuditWriter.Append(db,
            [new AuditRecord(now, actor, "LadderVersionCreated", Detail: $"'{next.Name}' v{next.Version} ({next.Id}) replaces v{current.Version}: {Describe(layers)}; note: {next.ChangeNote}")]);
        // The old version stops being current in the same save; of two editors racing, the second fails on the unique (family, version).
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var policies = await db.TierPolicies.AsNoTracking().ToListAsync(cancellationToken);
        return ToView(next, policies);
    }

    public async Task<IReadOnlyList<TierPolicyView>> TiersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var policies = await db.TierPolicies.AsNoTracking().ToListAsync(cancellationToken);
        var ladders = await db.Ladders.AsNoTracking().Where(l => l.IsCurrent).ToListAsync(cancellationToken);
        return policies.OrderBy(p => p.Tier)
            .Select(p => new TierPolicyView(p.Tier.ToString(), p.Escalates, p.LadderFamilyId, ladders.FirstOrDefault(l => l.FamilyId == p.LadderFamilyId)?.Name ?? "?", p.RequiresAck, p.UpdatedBy, p.UpdatedAt))
            .ToList();
    }

    public async Task<TierPolicyView> UpdateTierAsync(Tier tier, bool escalates, Guid ladderFamilyId, bool requiresAck, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ladder = await db.Ladders.AsNoTracking().SingleOrDefaultAsync(l => l.FamilyId == ladderFamilyId && l.IsCurrent, cancellationToken)
            ?? throw new EngineException("unknown-ladder", $"No ladder {ladderFamilyId}.");
        var policy = await db.TierPolicies.SingleAsync(p => p.Tier == tier, cancellationToken);
        var now = clock.GetUtcNow();
        policy.Update(escalates, ladder.FamilyId, requiresAck, actor, now);
        AuditWriter.Append(db,
            [new AuditRecord(now, actor, "TierPolicyChanged", Detail: $"{tier}: escalates={escalates}, ladder '{ladder.Name}', ack required={requiresAck}")]);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new TierPolicyView(tier.ToString(), policy.Escalates, policy.LadderFamilyId, ladder.Name, policy.RequiresAck, policy.UpdatedBy, policy.UpdatedAt);
    }

    private static LadderView ToView(Ladder ladder, IReadOnlyList<TierPolicy> policies)
    {
        var warnings = policies.Where(p => p.LadderFamilyId == ladder.FamilyId)
            .SelectMany(p => Ladder.Guidance(p.Tier, ladder.Layers))
            .Distinct()
            .ToList();
        return new LadderView(ladder.FamilyId, ladder.Id.Value, ladder.Version, ladder.Name,
            ladder.Layers.Select(l => new LayerView(l.Roles.Select(r => r.ToString()).ToList(), (int)l.Timeout.TotalSeconds,
                Enum.GetValues<Channels>().Where(c => c != Channels.None && l.Channels.HasFlag(c)).Select(c => c.ToString()).ToList())).ToList(),
            ladder.ChangedBy, ladder.ChangedAt, ladder.ChangeNote, warnings);
    }

    private static string Describe(IReadOnlyList<Layer> layers) =>
        string.Join(" -> ", layers.Select(l => $"{string.Join("/", l.Roles)} {l.Timeout.TotalSeconds:0}s"));
}
