using Microsoft.Extensions.DependencyInjection;

namespace Escalation.Infrastructure.Answering;

public static class AnsweringServiceCollectionExtensions
{
    /// <summary>Masked callbacks, phone verification and practice settings; needs <c>AddTwilioTelephony</c>.</summary>
    public static IServiceCollection AddAnsweringService(this IServiceCollection services)
    {
        // Scoped: each holds a TwilioGateway, a typed HttpClient that should not outlive its handler rotation.
        services.AddScoped<MaskedCallbacks>();
        services.AddScoped<PhoneVerifier>();
        services.AddSingleton<PracticeAdministration>();
        return services;
    }
}
