using System.Net;
using System.Net.Http.Headers;
using Escalation.Infrastructure.Fhir.Payloads;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;

namespace Escalation.Infrastructure.Fhir.Sources;

/// <summary>
/// GETs resources from a sending system's FHIR base (<see cref="FhirSourceOptions.BaseUrl"/>) with Firely's
/// <see cref="FhirClient"/> over the named <see cref="HttpClientName"/> client: <c>Accept: application/fhir+json</c>, the source's bearer token when it has
/// one, the configured timeout, no redirects. Only URLs under the source's base are fetched, so a payload cannot send
/// the token (or us) anywhere else. A 404 or 410 is "no such resource" (null); every other failure is a
/// <see cref="FhirSourceException"/>. The token is never logged.
/// </summary>
public sealed class FhirSourceClient(IHttpClientFactory clients, ILogger<FhirSourceClient> logger)
{
    public const string HttpClientName = "fhir-source";

    public const string FhirJsonMediaType = "application/fhir+json";

    /// <summary>The <see cref="FhirSourceFetch"/> of one source, for <see cref="DiagnosticReportReader.ReadAsync"/>.</summary>
    public FhirSourceFetch For(FhirSourceOptions source) => (url, cancellationToken) => GetAsync(source, url, cancellationToken);

    /// <summary>
    /// The absolute URL of <paramref name="reference"/> ("Observation/1", or an absolute URL) at the source, or a
    /// <see cref="FhirSourceException"/> when the source has no base or the URL is outside it.
    /// </summary>
    public static Uri UrlOf(FhirSourceOptions? source, string reference)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        if (source?.BaseUrl is not { } baseUrl)
        {
            throw new FhirSourceException(FhirSourceException.Unprocessable, OperationOutcomeIssue.Error("not-found",
                $"{reference} is not in the payload, and the sending source{(source is null ? "" : $" '{source.Name}'")} has no FHIR base URL to fetch it from (Fhir:Sources BaseUrl)."));
        }

        if (reference.StartsWith("urn:", StringComparison.OrdinalIgnoreCase) || reference.StartsWith('#'))
        {
            throw new FhirSourceException(FhirSourceException.Unprocessable, OperationOutcomeIssue.Error("not-found",
                $"{reference} is not in the payload; a {(reference.StartsWith('#') ? "contained" : "urn:")} reference names nothing at the source."));
        }

        var root = baseUrl.AbsoluteUri.TrimEnd('/') + "/";
        var url = reference.Contains("://", StringComparison.Ordinal) ? reference : root + reference.TrimStart('/');
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.AbsoluteUri.StartsWith(root, StringComparison.OrdinalIgnoreCase))
        {
            throw new FhirSourceException(FhirSourceException.Unprocessable, OperationOutcomeIssue.Error("not-found",
                $"{reference} is not in the payload and is not under the source's FHIR base {root}: it is not fetched from anywhere else."));
        }

        return uri;
    }

    public async Task<Resource?> GetAsync(FhirSourceOptions source, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var url = UrlOf(source, reference);
        var http = clients.CreateClient(HttpClientName);
        // The named client's handler does not follow redirects and its timeout is Fhir:FetchTimeout; Firely's own
        // timeout is set to the same, so either one ends the wait at the same moment.
        var settings = new FhirClientSettings
        {
            PreferredFormat = ResourceFormat.Json,
            VerifyFhirVersion = false,
            UseFhirVersionInAcceptHeader = false,
            Timeout = (int)http.Timeout.TotalMilliseconds,
            SerializationEngine = FhirSerializationEngineFactory.Custom(ModelInfo.ModelInspector, new FhirJsonConverterOptions(), FhirPayloadReader.Settings),
        };
        using var fhir = new FhirClient(source.BaseUrl!, http, settings);
        if (!string.IsNullOrEmpty(source.BearerToken))
        {
            fhir.RequestHeaders!.Authorization = new AuthenticationHeaderValue("Bearer", source.BearerToken);
        }

        Resource? resource;
        try
        {
            try
            {
                resource = await fhir.GetAsync(url, cancellationToken).ConfigureAwait(false);
            }
            catch (DeserializationFailedException exception)
            {
                // Recoverable problems (a pre-R4 interpretation) and those we refuse are told apart by our own rules.
                resource = exception.PartialResult as Resource;
                resource = FhirPayloadReader.Checked(resource, exception.Exceptions);
            }

            resource = FhirPayloadReader.Checked(resource, []);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("FHIR source {Source} did not answer GET {Url} within {Timeout}", source.Name, url, http.Timeout);
            throw Failure(FhirSourceException.GatewayTimeout, "timeout", $"The source '{source.Name}' did not answer GET {url} within {http.Timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException exception)
        {
            logger.LogWarning("FHIR source {Source} could not be reached for GET {Url}: {Error}", source.Name, url, exception.Message);
            throw Failure(FhirSourceException.BadGateway, "transient", $"The source '{source.Name}' could not be reached for GET {url}: {exception.Message}");
        }
        catch (FhirOperationException exception) when (exception.Status is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            logger.LogInformation("GET {Url} from FHIR source {Source}: {Status}", url, source.Name, (int)exception.Status);
            return null;
        }
        catch (FhirOperationException exception) when ((int)exception.Status is < 200 or > 299)
        {
            logger.LogInformation("GET {Url} from FHIR source {Source}: {Status}", url, source.Name, (int)exception.Status);
            throw Failure(FhirSourceException.BadGateway, "transient", $"The source '{source.Name}' answered GET {url} with {(int)exception.Status} {exception.Status}.");
        }
        catch (Exception exception) when (exception is FhirOperationException or FhirInputException or FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            var why = exception is FhirInputException input ? input.Issue.Diagnostics : exception.Message;
            logger.LogInformation("GET {Url} from FHIR source {Source}: not a FHIR resource", url, source.Name);
            throw Failure(FhirSourceException.BadGateway, "exception", $"The source '{source.Name}' answered GET {url} with something that is not a FHIR resource: {why}");
        }

        logger.LogInformation("GET {Url} from FHIR source {Source}: {Status}", url, source.Name, 200);
        return resource;
    }

    private static FhirSourceException Failure(int status, string code, string diagnostics) =>
        new(status, OperationOutcomeIssue.Error(code, diagnostics));
}
