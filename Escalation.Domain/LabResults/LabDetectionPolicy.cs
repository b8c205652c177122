namespace Escalation.Domain.LabResults;

/// <summary>A site's settings for turning lab results into messages.</summary>
public sealed record LabDetectionPolicy(FlagPrecedence Precedence = FlagPrecedence.MostSevereWins, bool UrgentForAbnormal = false)
{
    public static LabDetectionPolicy Default { get; } = new();
}
