namespace Escalation.Infrastructure.Fhir;

/// <summary>A payload we cannot accept; the endpoint answers 400 (or 422) with <see cref="ToOperationOutcomeJson"/>.</summary>
public sealed class FhirInputException(OperationOutcomeIssue issue) : Exception(issue.Diagnostics)
{
    public OperationOutcomeIssue Issue { get; } = issue;

    public string ToOperationOutcomeJson() => OperationOutcomeJson.Build([Issue]);
}
