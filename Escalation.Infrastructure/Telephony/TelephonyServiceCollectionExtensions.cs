using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

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
        // Built explicitly so it takes the wall clock, whatever TimeProvider the app registered (see TwilioResilience).
        services.TryAddSingleton(sp => new TwilioResilience(sp.GetRequiredService<IOptions<TwilioOptions>>()));
        // The pipeline's per-attempt timeout governs; HttpClient's own 100 s default would cut across retries.
        services.AddHttpClient<TwilioClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }
}
