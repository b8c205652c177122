using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Escalation.Infrastructure.Hl7v2;

public static class Hl7v2Registration
{
    /// <summary>The HL7 v2 intake, and its listener when <c>Hl7v2:Port</c> is set (docs/decisions/028).</summary>
    public static IServiceCollection AddHl7v2(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(Hl7v2Options.Section).Get<Hl7v2Options>() ?? new Hl7v2Options();
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton<Hl7ResultIntake>();
        if (options.Port is not null)
        {
            services.AddSingleton<MllpListener>();
            services.AddHostedService(sp => sp.GetRequiredService<MllpListener>());
        }

        return services;
    }
}
