using Escalation.Domain.Ladders;

namespace Escalation.Infrastructure.Engine;

/// <summary>
/// Every installation starts with the practice guides' ladders and tier policies, so a Critical message escalates
/// correctly before anybody has opened the editor. Administrators change them afterwards; this never overwrites.
/// </summary>
public static class EngineDefaults
{
    public const string System = "system:setup";

    public static async Task EnsureAsync(EscalationDbContext db, DateTimeOffset now, bool includeDrillLadder, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var audit = new List<AuditRecord>();
        var ladders = await db.Ladders.Where(l => l.IsCurrent).ToListAsync(cancellationToken);

        Ladder Ensure(string name, IReadOnlyList<Layer> layers)
        {
            var existing = ladders.FirstOrDefault(l => l.Name == name);
            if (existing is not null)
            {
                return existing;
            }

            var ladder = Ladder.Create(name, layers, System, now, "Default from the practice guides");
            db.Ladders.Add(ladder);
            ladders.Add(ladder);
            audit.Add(new AuditRecord(now, System, "LadderVersionCreated", Detail: $"'{name}' v1 ({ladder.Id})"));
            return ladder;
        }

        var critical = Ensure(Ladder.Defaults.CriticalName, Ladder.Defaults.Critical);
        var urgent = Ensure(Ladder.Defaults.UrgentName, Ladder.Defaults.Urgent);
        if (includeDrillLadder)
        {
            Ensure(Ladder.Defaults.DrillName, Ladder.Defaults.Drill);
        }

        var policies = await db.TierPolicies.ToListAsync(cancellationToken);
        void EnsurePolicy(Tier tier, bool escalates, Ladder ladder, bool requiresAck)
        {
            if (policies.Any(p => p.Tier == tier))
            {
                return;
            }

            db.TierPolicies.Add(new TierPolicy(tier, escalates, ladder.FamilyId, requiresAck, System, now));
            audit.Add(new AuditRecord(now, System, "TierPolicyChanged", Detail: $"{tier}: escalates={escalates}, ladder '{ladder.Name}', ack required={requiresAck}"));
        }

        EnsurePolicy(Tier.Critical, true, critical, true);
        EnsurePolicy(Tier.Urgent, true, urgent, true);
        // Routine waits at the first layer with somebody on duty and never climbs.
        EnsurePolicy(Tier.Routine, false, urgent, false);

        AuditWriter.Append(db, audit);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
