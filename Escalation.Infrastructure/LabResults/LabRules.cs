using Escalation.Domain.LabResults;

namespace Escalation.Infrastructure.LabResults;

/// <summary>
/// The site's critical limits and detection policy as detection uses them: read from the database, cached, and
/// re-read when the revision on the policy row moves. Asking for the revision on every use costs one primary-key
/// read, and makes an edit saved on any node apply to the next result on every node, with no cache messaging.
/// </summary>
public sealed class LabRules(IDbContextFactory<EscalationDbContext> contexts)
{
    private volatile LabRuleSet? _cached;

    public async Task<LabRuleSet> CurrentAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var revision = await db.Set<SiteLabPolicy>().AsNoTracking().Where(p => p.Id == SiteLabPolicy.SingletonId)
            .Select(p => (long?)p.Revision).SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("The lab policy row is missing: migration V0008 seeds it; the database was changed by hand.");
        var cached = _cached;
        if (cached is not null && cached.Revision == revision)
        {
            return cached;
        }

        // The policy (with its revision) first, then the limits: an edit committed between the two reads leaves limits
        // newer than the revision they are cached under, which the next call notices and reloads; never the reverse.
        var policy = await db.Set<SiteLabPolicy>().AsNoTracking().SingleAsync(p => p.Id == SiteLabPolicy.SingletonId, cancellationToken);
        var limits = await db.Set<SiteLabLimit>().AsNoTracking().Where(l => l.IsEnabled).OrderBy(l => l.LoincCode).ThenBy(l => l.Unit).ToListAsync(cancellationToken);
        var loaded = new LabRuleSet(policy.Revision, limits.Select(l => l.ToCriticalLimit()).ToList(), policy.ToPolicy());
        _cached = loaded;
        return loaded;
    }

    /// <summary>Judges one result against the site's current rules.</summary>
    public async Task<Detection> EvaluateAsync(LabObservation observation, CancellationToken cancellationToken = default)
    {
        var rules = await CurrentAsync(cancellationToken);
        return CriticalResultDetector.Evaluate(observation, rules.Limits, rules.Policy);
    }
}
