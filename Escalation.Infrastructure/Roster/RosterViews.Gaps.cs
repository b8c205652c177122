using Escalation.Domain.Ladders;
using Escalation.Domain.Roster;

namespace Escalation.Infrastructure.Roster;

/// <summary>The gaps ahead: layers of ladders in use that nobody would receive, and callers without a verified phone.</summary>
public sealed partial class RosterViews
{
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
}
