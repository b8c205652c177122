using Escalation.Infrastructure.Fhir.Payloads;
using Escalation.Infrastructure.Fhir.Routing;
using Escalation.Infrastructure.Fhir.Subscriptions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Escalation.Infrastructure.Fhir.Sources;

public static class FhirSourcesServiceCollectionExtensions
{
    /// <summary>The longest wait for one GET from a source's FHIR base, unless <c>Fhir:FetchTimeout</c> says otherwise.</summary>
    public static readonly TimeSpan DefaultFetchTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Fetching from the sources' FHIR bases (the named client <see cref="FhirSourceClient.HttpClientName"/>), routing
    /// by the administrator's rules, and the subscription receiver. <c>Fhir:FetchTimeout</c> (a TimeSpan, 1 s to 2 min)
    /// bounds each GET. Redirects are not followed: the bearer token stays with the source's own base.
    /// </summary>
    public static IServiceCollection AddFhirSources(this IServiceCollection services, IConfiguration fhirSection)
    {
        ArgumentNullException.ThrowIfNull(fhirSection);
        var timeout = fhirSection.GetValue<TimeSpan?>("FetchTimeout") ?? DefaultFetchTimeout;
        if (timeout < TimeSpan.FromSeconds(1) || timeout > TimeSpan.FromMinutes(2))
        {
            throw new InvalidOperationException("Fhir:FetchTimeout must be between 00:00:01 and 00:02:00.");
        }

        services.AddHttpClient(FhirSourceClient.HttpClientName, client =>
            {
                client.Timeout = timeout;
                client.MaxResponseContentBufferSize = FhirPayloadReader.MaxBytes + 4;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<FhirSourceClient>();
        services.AddSingleton<FhirSourceResolver>();
        services.AddSingleton<FhirRouter>();
        services.AddSingleton<FhirRoutingRules>();
        services.AddSingleton<FhirNotificationReceiver>();
        return services;
    }
}
