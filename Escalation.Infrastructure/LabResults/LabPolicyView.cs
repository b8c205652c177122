namespace Escalation.Infrastructure.LabResults;

/// <summary>The site's detection policy; <see cref="Revision"/> moves with every change to the policy or the limits.</summary>
public sealed record LabPolicyView(string Precedence, bool UrgentForAbnormal, long Revision, string? UpdatedBy, DateTimeOffset? UpdatedAt);
