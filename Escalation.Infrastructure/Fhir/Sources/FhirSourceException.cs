using Escalation.Infrastructure.Fhir.Payloads;

namespace Escalation.Infrastructure.Fhir.Sources;

/// <summary>
/// A resource the payload needs could not be had from the sending system's FHIR base. Nothing has been changed when
/// this is thrown; <see cref="Status"/> is the HTTP status our endpoint answers with, so the sender can tell "resend
/// later" (502, 504) from "fix something first" (422). See docs/decisions/012.
/// </summary>
public sealed class FhirSourceException(int status, OperationOutcomeIssue issue) : Exception(issue.Diagnostics)
{
    /// <summary>The source could not be reached, answered 5xx, 401/403 or a redirect, or answered something that is not FHIR JSON.</summary>
    public const int BadGateway = 502;

    /// <summary>The source did not answer within <c>Fhir:FetchTimeout</c>.</summary>
    public const int GatewayTimeout = 504;

    /// <summary>No FHIR base for the source, a reference outside it, or a resource the source does not have.</summary>
    public const int Unprocessable = 422;

    public int Status { get; } = status;

    public OperationOutcomeIssue Issue { get; } = issue;

    public string ToOperationOutcomeJson() => FhirWriter.OperationOutcomeJson([Issue]);
}
