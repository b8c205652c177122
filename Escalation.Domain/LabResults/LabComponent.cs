namespace Escalation.Domain.LabResults;

/// <summary>One part of a multi-part result (systolic and diastolic of a blood pressure), judged on its own.</summary>
public sealed record LabComponent(
    IReadOnlyList<LabCoding> Codes,
    string? Text,
    LabQuantity? Quantity,
    string? StringValue,
    IReadOnlyList<LabCoding> Interpretations,
    LabReferenceRange? ReferenceRange = null);
