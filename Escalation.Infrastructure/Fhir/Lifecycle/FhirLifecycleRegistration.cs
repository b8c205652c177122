using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Escalation.Infrastructure.Fhir.Lifecycle;

public static class FhirLifecycleRegistration
{
    /// <summary>The result lifecycle, the Communication write-back and its sweep (section <c>Fhir:WriteBack</c>).</summary>
    public static IServiceCollection AddFhirLifecycle(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(FhirWriteBackOptions.Section).Get<FhirWriteBackOptions>() ?? new FhirWriteBackOptions();
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton<LabResultLifecycle>();
        services.AddSingleton<CommunicationWriteBack>();
        services.AddSingleton<LabCommunications>();
        // No Polly handler here: retries are persisted (attempts and next attempt on the row), so they survive a restart.
        services.AddHttpClient(FhirWriteBackOptions.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHostedService<CommunicationWriteBackService>();
        return services;
    }
}
