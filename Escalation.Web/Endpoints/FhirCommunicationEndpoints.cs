using Escalation.Infrastructure.Fhir.Lifecycle;
using Escalation.Infrastructure.Fhir.Payloads;

namespace Escalation.Web.Endpoints;

/// <summary>
/// The Communications written back about lab results, for the systems that sent them: integration keys only, and a
/// key sees only its own source's Communications (another source's id answers 404, as an unknown one does).
/// </summary>
internal static class FhirCommunicationEndpoints
{
    private const string FhirJson = "application/fhir+json";

    public static void MapFhirCommunicationEndpoints(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/fhir/Communication").WithTags("FHIR")
            .RequireAuthorization(p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireRole(ApiKeyAuthenticationHandler.Role));
        read.MapGet("", SearchAsync);
        read.MapGet("{id}", ReadAsync);
    }

    private static IResult Outcome(int status, string code, string diagnostics) =>
        Results.Content(FhirWriter.OperationOutcomeJson([new OperationOutcomeIssue("error", code, diagnostics)]), FhirJson, statusCode: status);

    private static async Task<IResult> SearchAsync(HttpRequest request, ClaimsPrincipal user, LabCommunications communications, CancellationToken cancellationToken)
    {
        var unsupported = request.Query.Keys.FirstOrDefault(k => k is not ("about" or "_format"));
        if (unsupported is not null)
        {
            return Outcome(StatusCodes.Status400BadRequest, OperationOutcomeIssue.NotSupported, $"Search parameter '{unsupported}' is not supported: search by about=Observation/{{id}}.");
        }

        var about = request.Query["about"].ToString().Trim();
        // An absolute reference to the source's own server names the same Observation as the relative one.
        var marker = about.LastIndexOf("Observation/", StringComparison.Ordinal);
        about = marker > 0 ? about[marker..] : about;
        if (request.Query["about"].Count != 1 || !about.StartsWith("Observation/", StringComparison.Ordinal) || about.Length == "Observation/".Length)
        {
            return Outcome(StatusCodes.Status400BadRequest, OperationOutcomeIssue.Invalid, "Give one about=Observation/{id}.");
        }

        var source = user.FhirSourceOf() ?? "";
        var found = await communications.SearchAsync(source, about, cancellationToken);
        var baseUrl = BaseOf(request);
        var self = new Uri($"{baseUrl}/Communication?about={Uri.EscapeDataString(about)}");
        return Results.Content(FhirWriter.Json(FhirWriter.BuildSearchBundle(self, found.Select(c => (new Uri($"{baseUrl}/Communication/{c.Id}"), FhirPayloadReader.Read(c.ResourceJson))).ToList())), FhirJson);
    }

    private static async Task<IResult> ReadAsync(string id, ClaimsPrincipal user, LabCommunications communications, CancellationToken cancellationToken)
    {
        var source = user.FhirSourceOf() ?? "";
        var found = Guid.TryParse(id, out var guid) ? await communications.FindAsync(source, guid, cancellationToken) : null;
        return found is null
            ? Outcome(StatusCodes.Status404NotFound, "not-found", $"No Communication {id}.")
            : Results.Content(found.ResourceJson, FhirJson);
    }

    private static string BaseOf(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/fhir";
}
