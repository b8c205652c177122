namespace Escalation.Infrastructure.Fhir.Payloads;

/// <summary>
/// A payload we cannot accept; the endpoint answers <see cref="Status"/> (400 unless said otherwise: 422 for valid FHIR
/// we will not act on) with <see cref="ToOperationOutcomeJson"/>.
/// </summary>
public sealed class FhirInputException(OperationOutcomeIssue issue, int status = 400) : Exception(issue.Diagnostics)
{
    public const int Unprocessable = 422;

    public OperationOutcomeIssue Issue { get; } = issue;

    public int Status { get; } = status;

    public string ToOperationOutcomeJson() => FhirWriter.OperationOutcomeJson([Issue]);
}
