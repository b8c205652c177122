using Microsoft.AspNetCore.Identity;

namespace Escalation.Infrastructure.Identity;

/// <summary>A person who signs in. Their persona role (Administrator, ...) is an Identity role; their clinical roles come from the roster.</summary>
public sealed class ApplicationUser : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;

    public string? JobTitle { get; set; }

    /// <summary>The unit the person normally works in; a charge nurse's board and a clinician's home start there.</summary>
    public UnitId? HomeUnitId { get; set; }

    /// <summary>Deactivated people keep their audit history but can no longer sign in.</summary>
    public bool IsActive { get; set; } = true;
}
