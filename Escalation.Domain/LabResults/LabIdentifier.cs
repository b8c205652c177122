namespace Escalation.Domain.LabResults;

/// <summary>A patient identifier; <see cref="TypeCode"/> is the v2-0203 type ("MR" for a medical record number).</summary>
public sealed record LabIdentifier(string? System, string Value, string? TypeCode = null, string? TypeText = null);
