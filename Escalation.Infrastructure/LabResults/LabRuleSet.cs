using Escalation.Domain.LabResults;

namespace Escalation.Infrastructure.LabResults;

/// <summary>The enabled limits and the policy as of one revision of the site's rules.</summary>
public sealed record LabRuleSet(long Revision, IReadOnlyList<CriticalLimit> Limits, LabDetectionPolicy Policy);
