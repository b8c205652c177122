using Microsoft.Extensions.Logging;

namespace Escalation.Infrastructure.Fhir;

/// <summary>
/// Resolves a payload's references, fetching from the sending source what the payload only points at. Everything is
/// fetched before anything is judged, so a source that cannot deliver one result leaves nothing half done:
/// <list type="bullet">
/// <item>a DiagnosticReport's results that are neither contained nor in the payload are required: any failure is a
/// <see cref="FhirSourceException"/>;</item>
/// <item>the Patient of a fetched result whose subject has neither a display nor an identifier, and is not in the
/// payload, is fetched too, so the message can name the patient; that one is best effort.</item>
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
        var observations = new List<(FhirResource Observation, FhirResource Report)>();
        foreach (var resource in resolver.Resources)
        {
            if (resource.ResourceType == "DiagnosticReport")
            {
                foreach (var reference in FhirJson.Array(resource.Json, "result").Select(r => FhirJson.String(r, "reference")).OfType<string>())
                {
                    if (resolver.Resolve(reference, resource) is not null || reference.StartsWith('#'))
                    {
                        continue; // In the payload; or a dangling contained one, which the report reader lists as unresolved.
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

        foreach (var (observation, report) in observations)
        {
            if (await PatientOfAsync(source!, observation, resolver, report, cancellationToken).ConfigureAwait(false) is { } patient)
            {
                fetched.Add(FhirJson.String(FhirJson.Object(observation.Json, "subject")!.Value, "reference")!, patient);
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

    /// <summary>
    /// Best effort, the Patient of an Observation fetched from the source: null when its subject names the patient
    /// already (display or identifier), is contained or resolvable in <paramref name="payload"/>, or cannot be had.
    /// </summary>
    public Task<FhirResource?> FetchPatientAsync(string? sourceName, FhirResource observation, IFhirResourceResolver? payload = null, CancellationToken cancellationToken = default) =>
        options.Source(sourceName) is { BaseUrl: not null } source
            ? PatientOfAsync(source, observation, payload, null, cancellationToken)
            : Task.FromResult<FhirResource?>(null);

    private static FhirSourceOptions SourceOrFail(FhirSourceOptions? source, string reference)
    {
        _ = FhirSourceClient.UrlOf(source, reference);
        return source!;
    }

    private async Task<FhirResource?> PatientOfAsync(FhirSourceOptions source, FhirResource observation, IFhirResourceResolver? payload, FhirResource? report, CancellationToken cancellationToken)
    {
        if (FhirJson.Object(observation.Json, "subject") is not { } subject
            || FhirJson.String(subject, "display") is not null
            || FhirJson.Object(subject, "identifier") is not null
            || FhirJson.String(subject, "reference") is not { } reference
            || reference.StartsWith('#')
            || FhirRouting.TypeOf(FhirRouting.NormalizeReference(reference)) != "Patient"
            || payload?.Resolve(reference, observation) is not null
            || (report is not null && payload?.Resolve(reference, report) is not null))
        {
            return null;
        }

        try
        {
            return await client.GetAsync(source, reference, cancellationToken).ConfigureAwait(false) is { ResourceType: "Patient" } patient ? patient : null;
        }
        catch (FhirSourceException exception)
        {
            // The result still reaches somebody; its message names the patient by reference only.
            logger.LogWarning("Patient {Reference} of {Observation} not fetched from FHIR source {Source}: {Reason}", reference, observation.Reference, source.Name, exception.Message);
            return null;
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
