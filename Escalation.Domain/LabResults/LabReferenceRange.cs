namespace Escalation.Domain.LabResults;

/// <summary>The laboratory's own normal range for this result, as numbers, text, or both.</summary>
public sealed record LabReferenceRange(decimal? Low, decimal? High, string? Unit = null, string? Text = null);
