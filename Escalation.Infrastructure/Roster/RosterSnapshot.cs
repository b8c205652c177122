using Escalation.Domain.Messages;
using Escalation.Domain.Organisation;
using Escalation.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Escalation.Infrastructure.Roster;

/// <summary>
/// Who holds each clinical role of one unit at one instant, read fresh from the database when a layer starts:
/// no cache that could send a page to yesterday's on-call physician.
/// </summary>
public sealed class RosterSnapshot
{
    private readonly Dictionary<ClinicalRoleKind, List<string>> _holders;

    private RosterSnapshot(Dictionary<ClinicalRoleKind, List<string>> holders) => _holders = holders;

    public static async Task<RosterSnapshot> LoadAsync(EscalationDbContext db, UnitId unitId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var rows = await (from assignment in db.RoleAssignments
                          join role in db.ClinicalRoles on assignment.RoleId equals role.Id
                          join user in db.Users on assignment.UserId equals user.Id
                          where role.UnitId == unitId && user.IsActive && assignment.StartsAt <= at && (assignment.EndsAt == null || assignment.EndsAt > at)
                          select new { role.Kind, assignment.UserId }).ToListAsync(cancellationToken);
        return new RosterSnapshot(rows.GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.Select(r => r.UserId).Distinct().Order().ToList()));
    }

    /// <summary>The first of the roles that somebody holds, and everybody holding it.</summary>
    public LayerRecipients Resolve(IReadOnlyList<ClinicalRoleKind> roles)
    {
        foreach (var role in roles)
        {
            if (_holders.TryGetValue(role, out var users) && users.Count > 0)
            {
                return new LayerRecipients(role, users);
            }
        }

        return LayerRecipients.Nobody;
    }

    public IReadOnlyList<string> Holders(ClinicalRoleKind role) => _holders.TryGetValue(role, out var users) ? users : [];
}
