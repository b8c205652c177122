using Microsoft.Extensions.DependencyInjection;

namespace Escalation.Infrastructure.Ladders;

public static class LadderRegistration
{
    /// <summary>Ladder versions and tier policies (audited edits), and the editor's replay of the last 30 days.</summary>
    public static IServiceCollection AddLadders(this IServiceCollection services)
    {
        services.AddSingleton<LadderAdministration>();
        services.AddSingleton<LadderReplays>();
        return services;
    }
}
