using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Fhir;
using Escalation.Infrastructure.Fhir.Payloads;
using Escalation.Infrastructure.Fhir.Sources;

namespace Escalation.Web.Endpoints;

/// <summary>
/// The FHIR R4 endpoint under /fhir: lab results in (Observation, DiagnosticReport, Bundle), a CapabilityStatement
/// out. Every refusal is an OperationOutcome with a 4xx and changes nothing; integrations authenticate with their
/// integration key, like the rest of the API.
/// </summary>
internal static class FhirEndpoints
{
    internal const string FhirJson = "application/fhir+json";

    public static void MapFhirEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/fhir/metadata", (HttpRequest request, TimeProvider clock) =>
            Results.Content(FhirWriter.CapabilityStatementJson(clock.GetUtcNow(), "Escalation", null, new Uri($"{request.Scheme}://{request.Host}/fhir")), FhirJson))
            .AllowAnonymous().WithTags("FHIR");
        var write = app.MapGroup("/fhir").WithTags("FHIR").RequireAuthorization(ApiPolicies.Send).DisableAntiforgery()
            .AddEndpointFilter(RefuseKeysWithoutAFhirSource);
        write.MapPost("/Observation", (HttpRequest request, ClaimsPrincipal user, LabResultIntake intake, CancellationToken ct) => AcceptAsync("Observation", request, user, intake, ct));
        write.MapPost("/DiagnosticReport", (HttpRequest request, ClaimsPrincipal user, LabResultIntake intake, CancellationToken ct) => AcceptAsync("DiagnosticReport", request, user, intake, ct));
        write.MapPost("/", (HttpRequest request, ClaimsPrincipal user, LabResultIntake intake, CancellationToken ct) => AcceptAsync("Bundle", request, user, intake, ct));
        write.MapFhirNotifications();
    }

    internal static IResult Outcome(int status, string severity, string code, string diagnostics) =>
        Results.Content(FhirWriter.OperationOutcomeJson([new OperationOutcomeIssue(severity, code, diagnostics)]), FhirJson, statusCode: status);

    /// <summary>The FHIR source the caller's integration key is bound to (null for a signed-in person).</summary>
    internal static string? SourceOf(ClaimsPrincipal user) => user.FhirSourceOf();

    /// <summary>
    /// A key feeds /fhir only as the FHIR source it is bound to (docs/decisions/019): a key made for a schedule or an
    /// answering service gets 403 before its body is read, and nothing is recorded or paged.
    /// </summary>
    private static async ValueTask<object?> RefuseKeysWithoutAFhirSource(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var user = context.HttpContext.User;
        return user.IsIntegration() && user.FhirSourceOf() is null
            ? Outcome(StatusCodes.Status403Forbidden, "error", "forbidden", "This integration key is not bound to a FHIR source: an administrator binds it on the keys page.")
            : await next(context);
    }

    internal static IResult? RefuseMediaType(HttpRequest request)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim();
        return mediaType is "application/fhir+json" or "application/json"
            ? null
            : Outcome(StatusCodes.Status415UnsupportedMediaType, "error", OperationOutcomeIssue.NotSupported, $"Send application/fhir+json, not '{request.ContentType}'.");
    }

    /// <summary>The body, or the 413 answer when it is over <see cref="FhirPayloadReader.MaxBytes"/>.</summary>
    internal static async Task<(ReadOnlyMemory<byte> Body, IResult? Refusal)> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        // Kept up to the limit; the rest is read and dropped, so the client hears the 413 instead of a reset connection.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length <= FhirPayloadReader.MaxBytes)
            {
                buffer.Write(chunk, 0, read);
            }
        }

        if (buffer.Length > FhirPayloadReader.MaxBytes)
        {
            return (default, Outcome(StatusCodes.Status413PayloadTooLarge, "error", OperationOutcomeIssue.TooCostly, $"The body is over {FhirPayloadReader.MaxBytes / 1048576} MB."));
        }

        // A MemoryStream holds no unmanaged resource: its buffer outlives the stream.
        return (buffer.GetBuffer().AsMemory(0, (int)buffer.Length), null);
    }

    internal static IResult Refused(FhirInputException exception) =>
        Results.Content(exception.ToOperationOutcomeJson(), FhirJson, statusCode: exception.Issue.Code == OperationOutcomeIssue.TooCostly ? 413 : exception.Status);

    /// <summary>A source that could not deliver what the payload points at: 422, 502 or 504 (docs/decisions/012).</summary>
    internal static IResult Refused(FhirSourceException exception) =>
        Results.Content(exception.ToOperationOutcomeJson(), FhirJson, statusCode: exception.Status);

    /// <summary>One informational issue per result; 201 when any message was created, 200 otherwise.</summary>
    internal static IResult Accepted(IReadOnlyList<LabIntakeOutcome> outcomes, IEnumerable<string>? notes = null)
    {
        var issues = outcomes.Select(o => new OperationOutcomeIssue("information", "informational",
            o.MessageId is { } id ? $"{o.Resource}: {o.Outcome} ({o.Reason}); message {id}{(o.Created ? "" : " (already received)")}{(o.Route is null ? "" : $", routed by {o.Route}")}" : $"{o.Resource}: no message ({o.Reason})")).ToList();
        issues.AddRange((notes ?? []).Select(n => new OperationOutcomeIssue("information", "informational", n)));
        if (issues.Count == 0)
        {
            issues.Add(new OperationOutcomeIssue("information", "informational", "No lab result in the payload."));
        }

        return Results.Content(FhirWriter.OperationOutcomeJson(issues), FhirJson, statusCode: outcomes.Any(o => o.Created) ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static async Task<IResult> AcceptAsync(string expected, HttpRequest request, ClaimsPrincipal user, LabResultIntake intake, CancellationToken ct)
    {
        if (RefuseMediaType(request) is { } unsupported)
        {
            return unsupported;
        }

        var (body, tooLarge) = await ReadBodyAsync(request, ct);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        Hl7.Fhir.Model.Resource resource;
        try
        {
            resource = FhirPayloadReader.Read(body.Span);
        }
        catch (FhirInputException exception)
        {
            return Refused(exception);
        }

        if (resource.TypeName != expected)
        {
            return Outcome(StatusCodes.Status400BadRequest, "error", OperationOutcomeIssue.Invalid, $"This endpoint takes a {expected}, not a {resource.TypeName}.");
        }

        if (resource.TypeName == "Bundle" && FhirBundleReader.Validate(resource) is { IsValid: false } validation)
        {
            // All or nothing: one bad entry and no entry is processed (for a batch too, so a resend cannot half-apply).
            // The issue keeps its expression (Bundle.entry[n]...), so the sender can find the entry without reading prose.
            return Results.Content(FhirWriter.OperationOutcomeJson([validation.FirstIssue! with { Diagnostics = $"Entry {validation.FirstBadEntry}: {validation.FirstIssue.Diagnostics}" }]), FhirJson, statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            return Accepted(await intake.AcceptAsync(resource, MessageEndpoints.Actor(user), SourceOf(user), ct), LabResultIntake.NotActedOn(resource));
        }
        catch (FhirInputException exception)
        {
            return Refused(exception);
        }
        catch (FhirSourceException exception)
        {
            return Refused(exception);
        }
        catch (EngineException exception)
        {
            return Outcome(StatusCodes.Status422UnprocessableEntity, "error", "processing", exception.Message);
        }
    }
}
