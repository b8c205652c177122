using Escalation.Infrastructure.Fhir;
using Escalation.Infrastructure.Fhir.Lifecycle;
using Escalation.Infrastructure.Fhir.Sources;
using Escalation.Infrastructure.Hl7v2;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Escalation.Infrastructure.LabResults;

public static class LabResultsRegistration
{
    /// <summary>Lab results from the EHR and the laboratory: FHIR intake, sources and write-back, HL7 v2, and the site's limits.</summary>
    public static IServiceCollection AddLabResults(this IServiceCollection services, IConfiguration configuration)
    {
        var fhir = configuration.GetSection(FhirIntakeOptions.Section);
        services.AddSingleton(fhir.Get<FhirIntakeOptions>() ?? new FhirIntakeOptions());
        services.AddSingleton<LabResultIntake>();
        services.AddFhirLifecycle(configuration);
        services.AddFhirSources(fhir);
        services.AddHl7v2(configuration);
        services.AddSingleton<LabRules>();
        services.AddSingleton<LabLimitAdministration>();
        return services;
    }
}
