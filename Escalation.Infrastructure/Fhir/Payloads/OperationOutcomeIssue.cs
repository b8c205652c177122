namespace Escalation.Infrastructure.Fhir.Payloads;

/// <summary>
/// One OperationOutcome issue. <see cref="Code"/> is a FHIR issue-type code (<see cref="Invalid"/>, <see cref="Structure"/>,
/// <see cref="Required"/>, <see cref="NotSupported"/>, <see cref="TooCostly"/>); <see cref="Expression"/> is the
/// FHIRPath of the offending element ("Observation.status", "Bundle.entry[2].request").
/// </summary>
public sealed record OperationOutcomeIssue(string Severity, string Code, string Diagnostics, string? Expression = null)
{
    public const string Invalid = "invalid";
    public const string Structure = "structure";
    public const string Required = "required";
    public const string NotSupported = "not-supported";
    public const string TooCostly = "too-costly";

    public static OperationOutcomeIssue Error(string code, string diagnostics, string? expression = null) => new("error", code, diagnostics, expression);
}
