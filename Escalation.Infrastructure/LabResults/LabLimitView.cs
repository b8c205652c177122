namespace Escalation.Infrastructure.LabResults;

/// <summary>One row of the critical limits table; <see cref="UpdatedBy"/> is null for a shipped row nobody has edited.</summary>
public sealed record LabLimitView(
    Guid Id,
    string LoincCode,
    string Unit,
    string Display,
    decimal? CriticalLow,
    decimal? CriticalHigh,
    decimal? AbnormalLow,
    decimal? AbnormalHigh,
    bool Enabled,
    string? UpdatedBy,
    DateTimeOffset? UpdatedAt);
