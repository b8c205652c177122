using Escalation.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;

namespace Escalation.Infrastructure.Seeding;

/// <summary>
/// A production installation must never accept the published demo password. Checked at start-up for the demo
/// accounts and every administrator: hashing is deliberately slow, so checking every account would make start-up
/// grow with the staff list, and these are the accounts a copied demo database or a lazy set-up leaves behind.
/// </summary>
public sealed class DemoPasswordGuard(UserManager<ApplicationUser> users, Persistence.EscalationDbContext db)
{
    /// <summary>The published Development integration key, if it still works here.</summary>
    public async Task<bool> DemoApiKeyIsActiveAsync(CancellationToken cancellationToken = default)
    {
        var hash = Integrations.ApiKey.HashOf(DemoData.IntegrationKey);
        return await db.ApiKeys.AnyAsync(k => k.Hash == hash && k.RevokedAt == null, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> FindAccountsWithDemoPasswordAsync(CancellationToken cancellationToken = default)
    {
        var demoEmails = DemoData.Users.Select(u => u.Email.ToUpperInvariant()).ToList();
        var candidates = await users.Users
            .Where(u => u.NormalizedEmail != null && demoEmails.Contains(u.NormalizedEmail))
            .ToListAsync(cancellationToken);
        foreach (var admin in await users.GetUsersInRoleAsync(PersonaRole.Administrator))
        {
            if (candidates.All(c => c.Id != admin.Id))
            {
                candidates.Add(admin);
            }
        }

        var found = new List<string>();
        foreach (var user in candidates)
        {
            if (user.PasswordHash is not null && await users.CheckPasswordAsync(user, DemoData.Password))
            {
                found.Add(user.Email ?? user.UserName ?? user.Id);
            }
        }

        return found;
    }
}
