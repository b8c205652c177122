using System.Security.Claims;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Fhir;
using Escalation.Web.Security;

namespace Escalation.Web.Endpoints;

/// <summary>
/// The FHIR R4 endpoint under /fhir: lab results in (Observation, DiagnosticReport, Bundle), a CapabilityStatement
/// out. Every refusal is an OperationOutcome with a 4xx and changes nothing; integrations authenticate with their
/// integration key, like the rest of the API.
/// </summary>
internal static class FhirEndpoints
{
    private const string FhirJson = "application/fhir+json";

    public static void MapFhirEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/fhir/metadata", (HttpRequest request, TimeProvider clock) =>
            Results.Content(CapabilityStatementJson.Build(clock.GetUtcNow(), "Escalation", null, new Uri($"{request.Scheme}://{request.Host}/fhir")), FhirJson))
            .AllowAnonymous().WithTags("FHIR");
        var write = app.MapGroup("/fhir").WithTags("FHIR").RequireAuthorization(ApiPolicies.Send).DisableAntiforgery();
        write.MapPost("/Observation", (HttpRequest request, ClaimsPrincipal user, LabResultIntake intake, CancellationToken ct) => AcceptAsync("Observation", request, user, intake, ct));
        write.MapPost("/DiagnosticReport", (HttpRequest request, ClaimsPrincipal user, LabResultIntake intake, CancellationToken ct) => AcceptAsync("DiagnosticReport", request, user, intake, ct));
        write.MapPost("/", (HttpRequest request, ClaimsPrincipal user, LabResultIntake intake, CancellationToken ct) => AcceptAsync("Bundle", request, user, intake, ct));
    }

    private static IResult Outcome(int status, string severity, string code, string diagnostics) =>
        Results.Content(OperationOutcomeJson.Build([new OperationOutcomeIssue(severity, code, diagnostics)]), FhirJson, statusCode: status);

    private static async Task<IResult> AcceptAsync(string expected, HttpRequest request, ClaimsPrincipal user, LabResultIntake intake, CancellationToken ct)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not ("application/fhir+json" or "application/json"))
        {
            return Outcome(StatusCodes.Status415UnsupportedMediaType, "error", OperationOutcomeIssue.NotSupported, $"Send application/fhir+json, not '{request.ContentType}'.");
        }

        // Kept up to the limit; the rest is read and dropped, so the client hears the 413 instead of a reset connection.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length <= FhirParser.MaxBytes)
            {
                buffer.Write(chunk, 0, read);
            }
        }

        if (buffer.Length > FhirParser.MaxBytes)
        {
            return Outcome(StatusCodes.Status413PayloadTooLarge, "error", OperationOutcomeIssue.TooCostly, $"The body is over {FhirParser.MaxBytes / 1048576} MB.");
        }

        FhirResource resource;
        try
        {
            resource = FhirParser.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
        catch (FhirInputException exception)
        {
            return Results.Content(exception.ToOperationOutcomeJson(), FhirJson, statusCode: exception.Issue.Code == OperationOutcomeIssue.TooCostly ? 413 : 400);
        }

        if (resource.ResourceType != expected)
        {
            return Outcome(StatusCodes.Status400BadRequest, "error", OperationOutcomeIssue.Invalid, $"This endpoint takes a {expected}, not a {resource.ResourceType}.");
        }

        if (resource.ResourceType == "Bundle" && FhirBundleReader.Validate(resource) is { IsValid: false } validation)
        {
            // All or nothing: one bad entry and no entry is processed (for a batch too, so a resend cannot half-apply).
            return Outcome(StatusCodes.Status400BadRequest, "error", validation.FirstIssue!.Code, $"Entry {validation.FirstBadEntry}: {validation.FirstIssue.Diagnostics}");
        }

        try
        {
            var outcomes = await intake.AcceptAsync(resource, MessageEndpoints.Actor(user), ct);
            var issues = outcomes.Select(o => new OperationOutcomeIssue("information", "informational",
                o.MessageId is { } id ? $"{o.Resource}: {o.Outcome} ({o.Reason}); message {id}{(o.Created ? "" : " (already received)")}" : $"{o.Resource}: no message ({o.Reason})")).ToList();
            if (issues.Count == 0)
            {
                issues.Add(new OperationOutcomeIssue("information", "informational", "No lab result in the payload."));
            }

            return Results.Content(OperationOutcomeJson.Build(issues), FhirJson, statusCode: outcomes.Any(o => o.Created) ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        }
        catch (FhirInputException exception)
        {
            return Results.Content(exception.ToOperationOutcomeJson(), FhirJson, statusCode: 400);
        }
        catch (EngineException exception)
        {
            return Outcome(StatusCodes.Status422UnprocessableEntity, "error", "processing", exception.Message);
        }
    }
}
