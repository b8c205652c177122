using Escalation.Domain.LabResults;

namespace Escalation.Infrastructure.LabResults;

/// <summary>
/// The site's detection policy; <see cref="Revision"/> moves with every change to the policy or the limits.
/// The precedence is the enum itself (the API writes its name), so the page binds to it without parsing text back.
/// </summary>
public sealed record LabPolicyView(FlagPrecedence Precedence, bool UrgentForAbnormal, long Revision, string? UpdatedBy, DateTimeOffset? UpdatedAt);
