using Microsoft.Extensions.Logging;

namespace Escalation.Infrastructure.Fhir;

/// <summary>
/// Resolves a payload's references, fetching from the sending source what the payload only points at. Everything is
/// fetched before anything is judged, so a source that cannot deliver one result leaves nothing half done:
/// <list type="bullet">
/// <item>a DiagnosticReport's results that are neither contained nor in the payload are required: any failure is a
/// <see cref="FhirSourceException"/>;</item>
/// <item>the Patient of a result whose subject has neither a display nor an identifier, and is not in the payload, is
/// fetched when the source has a FHIR base, so the message can name the patient; that one is best effort.</item>
/// </list>
/// </summary>
public sealed class FhirSourceResolver(FhirIntakeOptions options, FhirSourceClient client, ILogger<FhirSourceResolver> logger)
{
    public async Task<IFhirResourceResolver> ResolverForAsync(FhirResource payload, string? sourceName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var source = options.Source(sourceName);
        var fetched = new FetchedResources();
        var resolver = new PayloadResourceResolver(payload, fetched);
        var observations = new List<(FhirResource Observation, FhirResource? Context)>();
        foreach (var resource in resolver.Resources)
        {
            if (resource.ResourceType == "Observation")
            {
                observations.Add((resource, null));
            }
            else if (resource.ResourceType == "DiagnosticReport")
            {
                foreach (var reference in FhirJson.Array(resource.Json, "result").Select(r => FhirJson.String(r, "reference")).OfType<string>())
                {
                    if (resolver.Resolve(reference, resource) is { } result)
                    {
                        observations.Add((result, resource));
                        continue;
                    }

                    if (reference.StartsWith('#'))
                    {
                        continue; // A dangling contained reference: nothing to fetch; the report reader lists it as unresolved.
                    }

                    var observation = await client.GetAsync(SourceOrFail(source, reference), reference, cancellationToken).ConfigureAwait(false);
                    if (observation is null)
                    {
                        throw new FhirSourceException(FhirSourceException.Unprocessable, OperationOutcomeIssue.Error("not-found",
                            $"Result {reference} of {resource.Reference} is not in the payload, and the source '{source!.Name}' does not have it (404)."));
                    }

                    if (observation.ResourceType != "Observation")
                    {
                        throw new FhirSourceException(FhirSourceException.BadGateway, OperationOutcomeIssue.Error("exception",
                            $"The source '{source!.Name}' answered {reference} with a {observation.ResourceType}, not an Observation."));
                    }

                    fetched.Add(reference, observation);
                    observations.Add((observation, resource));
                }
            }
        }

        if (source?.BaseUrl is not null)
        {
            foreach (var (observation, context) in observations)
            {
                await FetchPatientAsync(source, observation, context, resolver, fetched, cancellationToken).ConfigureAwait(false);
            }
        }

        return resolver;
    }

    /// <summary>
    /// Fetches an id-only notification's focus ("Observation/1" or an absolute URL under the source's base). A focus the
    /// source does not have is a <see cref="FhirSourceException"/> (422), like any other failure.
    /// </summary>
    public async Task<FhirResource> FetchAsync(string? sourceName, string reference, CancellationToken cancellationToken = default)
    {
        var source = options.Source(sourceName);
        return await client.GetAsync(SourceOrFail(source, reference), reference, cancellationToken).ConfigureAwait(false)
            ?? throw new FhirSourceException(FhirSourceException.Unprocessable, OperationOutcomeIssue.Error("not-found",
                $"The source '{source!.Name}' does not have {reference} (404)."));
    }

    private static FhirSourceOptions SourceOrFail(FhirSourceOptions? source, string reference)
    {
        _ = FhirSourceClient.UrlOf(source, reference);
        return source!;
    }

    private async Task FetchPatientAsync(FhirSourceOptions source, FhirResource observation, FhirResource? context, PayloadResourceResolver resolver, FetchedResources fetched, CancellationToken cancellationToken)
    {
        if (FhirJson.Object(observation.Json, "subject") is not { } subject
            || FhirJson.String(subject, "display") is not null
            || FhirJson.Object(subject, "identifier") is not null
            || FhirJson.String(subject, "reference") is not { } reference
            || reference.StartsWith('#')
            || !reference.Contains("Patient/", StringComparison.Ordinal)
            || resolver.Resolve(reference, observation) is not null
            || (context is not null && resolver.Resolve(reference, context) is not null))
        {
            return;
        }

        try
        {
            if (await client.GetAsync(source, reference, cancellationToken).ConfigureAwait(false) is { ResourceType: "Patient" } patient)
            {
                fetched.Add(reference, patient);
            }
        }
        catch (FhirSourceException exception)
        {
            // The result still reaches somebody; its message names the patient by reference only.
            logger.LogWarning("Patient {Reference} of {Observation} not fetched from FHIR source {Source}: {Reason}", reference, observation.Reference, source.Name, exception.Message);
        }
    }

    /// <summary>What was fetched, by the reference the payload used for it.</summary>
    private sealed class FetchedResources : IFhirResourceResolver
    {
        private readonly Dictionary<string, FhirResource> _byReference = new(StringComparer.Ordinal);

        public void Add(string reference, FhirResource resource) => _byReference[reference.Trim()] = resource;

        public FhirResource? Resolve(string reference, FhirResource? context = null) =>
            _byReference.GetValueOrDefault(reference.Trim());
    }
}
