using Escalation.Domain.LabResults;

namespace Escalation.Infrastructure.LabResults;

/// <summary>
/// What administrators change about the critical limits table and the detection policy. Each change is one
/// transaction with its audit entry (before and after), and raises the rules' revision so every node reloads.
/// </summary>
public sealed class LabLimitAdministration(IDbContextFactory<EscalationDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<LabLimitView>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<SiteLabLimit>().AsNoTracking().ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Display, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.LoincCode, StringComparer.Ordinal).ThenBy(r => r.Unit, StringComparer.Ordinal)
            .Select(ToView).ToList();
    }

    public async Task<LabLimitView?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<SiteLabLimit>().AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        return row is null ? null : ToView(row);
    }

    public async Task<LabPolicyView> PolicyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return ToView(await db.Set<SiteLabPolicy>().AsNoTracking().SingleAsync(p => p.Id == SiteLabPolicy.SingletonId, cancellationToken));
    }

    public Task<LabLimitView> AddAsync(LabLimitInput input, string actor, CancellationToken cancellationToken = default) =>
        ChangeRulesAsync(async (db, now) =>
        {
            Validate(input);
            await RefuseDuplicateAsync(db, input, null, cancellationToken);
            var row = SiteLabLimit.Create(Guid.NewGuid(), input, actor, now);
            db.Set<SiteLabLimit>().Add(row);
            return (ToView(row), new AuditRecord(now, actor, "LabLimitAdded", Detail: $"after: {row.Describe()}"));
        }, cancellationToken);

    /// <summary>Null when there is no such row.</summary>
    public async Task<LabLimitView?> ChangeAsync(Guid id, LabLimitInput input, string actor, CancellationToken cancellationToken = default)
    {
        Validate(input);
        try
        {
            return await ChangeRulesAsync(async (db, now) =>
            {
                var row = await db.Set<SiteLabLimit>().SingleOrDefaultAsync(l => l.Id == id, cancellationToken) ?? throw new RowMissing();
                await RefuseDuplicateAsync(db, input, id, cancellationToken);
                var before = row.Describe();
                row.Change(input, actor, now);
                return (ToView(row), new AuditRecord(now, actor, "LabLimitChanged", Detail: $"{row.Id}: before: {before}; after: {row.Describe()}"));
            }, cancellationToken);
        }
        catch (RowMissing)
        {
            return null;
        }
    }

    public async Task<bool> RemoveAsync(Guid id, string actor, CancellationToken cancellationToken = default)
    {
        try
        {
            await ChangeRulesAsync(async (db, now) =>
            {
                var row = await db.Set<SiteLabLimit>().SingleOrDefaultAsync(l => l.Id == id, cancellationToken) ?? throw new RowMissing();
                db.Set<SiteLabLimit>().Remove(row);
                return (true, new AuditRecord(now, actor, "LabLimitRemoved", Detail: $"{row.Id}: before: {row.Describe()}"));
            }, cancellationToken);
            return true;
        }
        catch (RowMissing)
        {
            return false;
        }
    }

    /// <summary>Replaces the whole table with <see cref="CriticalLimits.Defaults"/>; the policy is left as it is.</summary>
    public Task<IReadOnlyList<LabLimitView>> ResetToDefaultsAsync(string actor, CancellationToken cancellationToken = default) =>
        ChangeRulesAsync<IReadOnlyList<LabLimitView>>(async (db, now) =>
        {
            var existing = await db.Set<SiteLabLimit>().ToListAsync(cancellationToken);
            db.Set<SiteLabLimit>().RemoveRange(existing);
            // The deletes must reach the database before the inserts, or the unique (code, unit) index refuses them.
            await db.SaveChangesAsync(cancellationToken);
            var shipped = CriticalLimits.Defaults.Select(d => SiteLabLimit.Create(Guid.NewGuid(), LabLimitInput.From(d), actor, now)).ToList();
            db.Set<SiteLabLimit>().AddRange(shipped);
            var detail = $"before: {existing.Count} rows: {string.Join(" | ", existing.Select(e => e.Describe()))}; after: the {shipped.Count} shipped defaults";
            return (shipped.Select(ToView).ToList(), new AuditRecord(now, actor, "LabLimitsReset", Detail: detail));
        }, cancellationToken);

    public async Task<LabPolicyView> ChangePolicyAsync(FlagPrecedence precedence, bool urgentForAbnormal, string actor, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(precedence))
        {
            throw new LabRulesException("invalid", $"{precedence} is not a precedence.", new Dictionary<string, string> { ["precedence"] = $"One of {string.Join(", ", Enum.GetNames<FlagPrecedence>())}." });
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var policy = await db.Set<SiteLabPolicy>().SingleAsync(p => p.Id == SiteLabPolicy.SingletonId, cancellationToken);
        var now = clock.GetUtcNow();
        var before = Describe(policy);
        policy.Change(precedence, urgentForAbnormal, actor, now);
        AuditWriter.Append(db, [new AuditRecord(now, actor, "LabPolicyChanged", Detail: $"before: {before}; after: {Describe(policy)}")]);
        await SaveAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ToView(policy);
    }

    private async Task<T> ChangeRulesAsync<T>(Func<EscalationDbContext, DateTimeOffset, Task<(T Result, AuditRecord Audit)>> change, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var (result, audit) = await change(db, now);
        var policy = await db.Set<SiteLabPolicy>().SingleAsync(p => p.Id == SiteLabPolicy.SingletonId, cancellationToken);
        policy.Touch();
        AuditWriter.Append(db, [audit]);
        await SaveAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static async Task SaveAsync(EscalationDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new LabRulesException("concurrent", "Somebody else changed the lab rules at the same moment: reload and make the change again.");
        }
        catch (DbUpdateException)
        {
            // Only the unique (code, unit) index can refuse these writes: another administrator added the same row first.
            throw new LabRulesException("duplicate", "That LOINC code already has a row in that unit.", new Dictionary<string, string> { ["unit"] = "That LOINC code already has a row in that unit." });
        }
    }

    private static void Validate(LabLimitInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = LabLimitValidation.Validate(input);
        if (errors.Count > 0)
        {
            throw new LabRulesException("invalid", string.Join(" ", errors.Values), errors);
        }
    }

    private static async Task RefuseDuplicateAsync(EscalationDbContext db, LabLimitInput input, Guid? self, CancellationToken cancellationToken)
    {
        var code = input.LoincCode!.Trim();
        var sameCode = await db.Set<SiteLabLimit>().AsNoTracking().Where(l => l.LoincCode == code && l.Id != self).ToListAsync(cancellationToken);
        // mmol/l and mmol/L are one UCUM unit: two rows for them would judge one result twice, possibly differently.
        var clash = sameCode.FirstOrDefault(l => CriticalResultDetector.SameUnit(input.Unit!.Trim(), l.Unit));
        if (clash is not null)
        {
            var error = $"{code} already has a row in {clash.Unit} ({clash.Display}): edit that row instead.";
            throw new LabRulesException("duplicate", error, new Dictionary<string, string> { ["unit"] = error });
        }
    }

    private static string Describe(SiteLabPolicy policy) => $"precedence {policy.Precedence}, urgent for abnormal {(policy.UrgentForAbnormal ? "on" : "off")}";

    private static LabLimitView ToView(SiteLabLimit l) =>
        new(l.Id, l.LoincCode, l.Unit, l.Display, SiteLabLimit.Plain(l.CriticalLow), SiteLabLimit.Plain(l.CriticalHigh), SiteLabLimit.Plain(l.AbnormalLow),
            SiteLabLimit.Plain(l.AbnormalHigh), l.IsEnabled, l.UpdatedBy, l.UpdatedAt);

    private static LabPolicyView ToView(SiteLabPolicy p) => new(p.Precedence, p.UrgentForAbnormal, p.Revision, p.UpdatedBy, p.UpdatedAt);

    // Unwinds a change whose row vanished (deleted by somebody else) so the caller can answer "not found".
    private sealed class RowMissing : Exception;
}
