using System.Security.Claims;
using Escalation.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Escalation.Web.Security;

public static class EscalationClaims
{
    public const string DisplayName = "escalation:display_name";
}

/// <summary>Adds the person's display name to the sign-in, so every page header shows it without a query.</summary>
internal sealed class EscalationClaimsPrincipalFactory(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(EscalationClaims.DisplayName, user.DisplayName));
        return identity;
    }
}
