using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Escalation.Infrastructure.Audit;

public static class AuditRegistration
{
    /// <summary>The audit chain's linking service and the retention purge behind signed checkpoints (<c>Audit:</c>).</summary>
    public static IServiceCollection AddAuditTrail(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var retention = configuration.GetSection(RetentionOptions.Section).Get<RetentionOptions>() ?? new RetentionOptions();
        if (retention.RetentionYears < 1)
        {
            throw new InvalidOperationException("Audit:RetentionYears must be at least 1.");
        }

        services.AddSingleton(retention);
        services.AddSingleton(_ => AuditCheckpointSigner.FromOptions(retention, contentRoot));
        services.AddSingleton<AuditRetention>();
        services.AddSingleton<AuditChainer>();
        services.AddHostedService<AuditChainService>();
        return services;
    }
}
