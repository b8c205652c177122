using Escalation.Domain.Organisation;

namespace Escalation.Domain.Messages;

/// <summary>Who holds a layer's role at one instant, as the duty roster answers it.</summary>
public sealed record LayerRecipients(ClinicalRoleKind? Role, IReadOnlyList<string> UserIds)
{
    public static LayerRecipients Nobody { get; } = new(null, []);
}

/// <summary>Asks the roster, at the instant a layer starts, who holds the first of these roles that anyone holds.</summary>
public delegate LayerRecipients RecipientResolver(IReadOnlyList<ClinicalRoleKind> roles);
