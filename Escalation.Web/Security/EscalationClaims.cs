using Escalation.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Escalation.Web.Security;

public static class EscalationClaims
{
    public const string DisplayName = "escalation:display_name";

    /// <summary>The person's home unit: a charge nurse acts for that unit's messages only.</summary>
    public const string HomeUnit = "escalation:home_unit";

    public static Guid? HomeUnitOf(ClaimsPrincipal user) => Guid.TryParse(user.FindFirstValue(HomeUnit), out var unit) ? unit : null;
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
        if (user.HomeUnitId is { } unit)
        {
            identity.AddClaim(new Claim(EscalationClaims.HomeUnit, unit.Value.ToString()));
        }
        return identity;
    }
}
