using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace Escalation.Infrastructure.Fhir;

/// <summary>
/// GETs resources from a sending system's FHIR base (<see cref="FhirSourceOptions.BaseUrl"/>) over the named
/// <see cref="HttpClientName"/> client: <c>Accept: application/fhir+json</c>, the source's bearer token when it has
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

    public async Task<FhirResource?> GetAsync(FhirSourceOptions source, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var url = UrlOf(source, reference);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(FhirJsonMediaType));
        if (!string.IsNullOrEmpty(source.BearerToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", source.BearerToken);
        }

        var client = clients.CreateClient(HttpClientName);
        HttpResponseMessage response;
        byte[] body;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("FHIR source {Source} did not answer GET {Url} within {Timeout}", source.Name, url, client.Timeout);
            throw Failure(FhirSourceException.GatewayTimeout, "timeout", $"The source '{source.Name}' did not answer GET {url} within {client.Timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException exception)
        {
            logger.LogWarning("FHIR source {Source} could not be reached for GET {Url}: {Error}", source.Name, url, exception.Message);
            throw Failure(FhirSourceException.BadGateway, "transient", $"The source '{source.Name}' could not be reached for GET {url}: {exception.Message}");
        }

        using (response)
        {
            logger.LogInformation("GET {Url} from FHIR source {Source}: {Status}", url, source.Name, (int)response.StatusCode);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw Failure(FhirSourceException.BadGateway, "transient", $"The source '{source.Name}' answered GET {url} with {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType is not (FhirJsonMediaType or "application/json" or "application/json+fhir"))
            {
                throw Failure(FhirSourceException.BadGateway, "exception", $"The source '{source.Name}' answered GET {url} with '{mediaType ?? "no content type"}', not FHIR JSON.");
            }

            try
            {
                return FhirParser.Parse(body);
            }
            catch (FhirInputException exception)
            {
                throw Failure(FhirSourceException.BadGateway, "exception", $"The source '{source.Name}' answered GET {url} with something that is not a FHIR resource: {exception.Issue.Diagnostics}");
            }
        }
    }

    private static FhirSourceException Failure(int status, string code, string diagnostics) =>
        new(status, OperationOutcomeIssue.Error(code, diagnostics));
}
