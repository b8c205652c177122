using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Escalation.Infrastructure.Telephony;

/// <summary>
/// Registers the Twilio gateway for whoever wires telephony into the engine: one line in
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
        services.AddHttpClient<TwilioGateway>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler(sp => new ResilienceHandler(sp.GetRequiredService<TwilioResilience>().Pipeline))
            .AddHttpMessageHandler(sp => new TwilioApiRedirect(sp.GetRequiredService<IOptions<TwilioOptions>>()));
        return services;
    }

    /// <summary>
    /// The same handler chain as <see cref="AddTwilioTelephony"/>, for a gateway built by hand (tests): resilience
    /// outermost, so each attempt goes through the redirect.
    /// </summary>
    public static HttpMessageHandler Handlers(TwilioResilience resilience, IOptions<TwilioOptions> options, HttpMessageHandler network) =>
        new ResilienceHandler(resilience.Pipeline) { InnerHandler = new TwilioApiRedirect(options) { InnerHandler = network } };
}
