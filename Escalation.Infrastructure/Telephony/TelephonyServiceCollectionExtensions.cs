using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Escalation.Infrastructure.Telephony;

/// <summary>
/// Registers the Twilio client for whoever wires telephony into the engine: one line in
/// <c>DependencyInjection.AddInfrastructure</c>, <c>services.AddTwilioTelephony(configuration.GetSection("Twilio"))</c>.
/// </summary>
public static class TelephonyServiceCollectionExtensions
{
    public static IServiceCollection AddTwilioTelephony(this IServiceCollection services, IConfiguration section)
    {
        services.Configure<TwilioOptions>(section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TwilioResilience>();
        // The pipeline's per-attempt timeout governs; HttpClient's own 100 s default would cut across retries.
        services.AddHttpClient<TwilioClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }
}
