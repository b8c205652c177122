using Escalation.Domain.Roster;
using Escalation.Infrastructure.Roster;

namespace Escalation.Infrastructure.Ladders;

/// <summary>
/// A unit's roster over a whole period, computed once as per-role timelines by the roster calculator and then asked
/// from memory for any instant: a replay of thousands of messages makes no query per step. It answers as
/// <see cref="UnitRoster.Resolve"/> does (the first of the roles with somebody effective, everybody holding it,
/// ordered by id), which is what the engine's <see cref="RosterSnapshot"/> answers when a layer starts.
/// </summary>
public sealed class RosterHistory
{
    private readonly Dictionary<ClinicalRoleKind, List<IReadOnlyList<RosterSegment>>> _timelines = [];

    public RosterHistory(UnitRoster roster, DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var role in roster.Roles)
        {
            if (!_timelines.TryGetValue(role.Kind, out var list))
            {
                list = [];
                _timelines.Add(role.Kind, list);
            }

            list.Add(roster.Timeline(role.Id, from, to));
        }
    }

    public LayerRecipients Resolve(IReadOnlyList<ClinicalRoleKind> roles, DateTimeOffset at)
    {
        foreach (var kind in roles)
        {
            var holders = HoldersOf(kind, at);
            if (holders.UserIds.Count > 0)
            {
                return holders;
            }
        }

        return LayerRecipients.Nobody;
    }

    private LayerRecipients HoldersOf(ClinicalRoleKind kind, DateTimeOffset at)
    {
        if (!_timelines.TryGetValue(kind, out var timelines))
        {
            return LayerRecipients.Nobody;
        }

        List<string>? people = null;
        foreach (var timeline in timelines)
        {
            var segment = At(timeline, at);
            if (segment is null)
            {
                continue;
            }

            foreach (var holder in segment.Holders.Effective)
            {
                people ??= [];
                if (!people.Contains(holder.UserId, StringComparer.Ordinal))
                {
                    people.Add(holder.UserId);
                }
            }
        }

        return people is null ? LayerRecipients.Nobody : new LayerRecipients(kind, people.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The segment covering <paramref name="at"/>, by binary search on the ordered, gap-free timeline.</summary>
    private static RosterSegment? At(IReadOnlyList<RosterSegment> timeline, DateTimeOffset at)
    {
        int low = 0, high = timeline.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            var segment = timeline[middle];
            if (at < segment.StartsAt)
            {
                high = middle - 1;
            }
            else if (at >= segment.EndsAt)
            {
                low = middle + 1;
            }
            else
            {
                return segment;
            }
        }

        return null;
    }
}
