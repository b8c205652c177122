using Escalation.Infrastructure.Fhir.Payloads;
using Escalation.Infrastructure.Fhir.Routing;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Escalation.Infrastructure.Fhir.Sources;

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
    public async Task<IFhirResourceResolver> ResolverForAsync(Resource payload, string? sourceName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var source = options.Source(sourceName);
        var fetched = new FetchedResources();
        var resolver = new PayloadResourceResolver(payload, fetched);
        var observations = new List<(Observation Observation, Resource Report)>();
        foreach (var resource in resolver.Resources)
        {
            if (resource is DiagnosticReport report)
            {
                foreach (var reference in DiagnosticReportReader.ResultReferences(report))
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

                    if (observation is not Observation result)
                    {
                        throw new FhirSourceException(FhirSourceException.BadGateway, OperationOutcomeIssue.Error("exception",
                            $"The source '{source!.Name}' answered {reference} with a {observation.TypeName}, not an Observation."));
                    }

                    fetched.Add(reference, result);
                    observations.Add((result, resource));
                }
            }
        }

        foreach (var (observation, report) in observations)
        {
            if (await PatientOfAsync(source!, observation, resolver, report, cancellationToken).ConfigureAwait(false) is { } patient)
            {
                fetched.Add(observation.Subject!.Reference!, patient);
            }
        }

        return resolver;
    }

    /// <summary>
    /// Fetches an id-only notification's focus ("Observation/1" or an absolute URL under the source's base). A focus the
    /// source does not have is a <see cref="FhirSourceException"/> (422), like any other failure.
    /// </summary>
    public async Task<Resource> FetchAsync(string? sourceName, string reference, CancellationToken cancellationToken = default)
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
    public Task<Resource?> FetchPatientAsync(string? sourceName, Observation observation, IFhirResourceResolver? payload = null, CancellationToken cancellationToken = default) =>
        options.Source(sourceName) is { BaseUrl: not null } source
            ? PatientOfAsync(source, observation, payload, null, cancellationToken)
            : Task.FromResult<Resource?>(null);

    private static FhirSourceOptions SourceOrFail(FhirSourceOptions? source, string reference)
    {
        _ = FhirSourceClient.UrlOf(source, reference);
        return source!;
    }

    private async Task<Resource?> PatientOfAsync(FhirSourceOptions source, Observation observation, IFhirResourceResolver? payload, Resource? report, CancellationToken cancellationToken)
    {
        if (observation.Subject is not { } subject
            || subject.Display is not null
            || subject.Identifier is not null
            || subject.Reference is not { } reference
            || reference.StartsWith('#')
            || FhirRouting.TypeOf(FhirRouting.NormalizeReference(reference)) != "Patient"
            || payload?.Resolve(reference, observation) is not null
            || (report is not null && payload?.Resolve(reference, report) is not null))
        {
            return null;
        }

        try
        {
            return await client.GetAsync(source, reference, cancellationToken).ConfigureAwait(false) is Patient patient ? patient : null;
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
        private readonly Dictionary<string, Resource> _byReference = new(StringComparer.Ordinal);

        public void Add(string reference, Resource resource) => _byReference[reference.Trim()] = resource;

        public Resource? Resolve(string reference, Resource? context = null) =>
            _byReference.GetValueOrDefault(reference.Trim());
    }
}
