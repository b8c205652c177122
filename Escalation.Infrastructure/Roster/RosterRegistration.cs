using Escalation.Infrastructure.RosterSync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Escalation.Infrastructure.Roster;

public static class RosterRegistration
{
    /// <summary>The duty roster, its views and administration, the schedule sources it syncs from, and notices.</summary>
    public static IServiceCollection AddRoster(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RosterSyncOptions.Section).Get<RosterSyncOptions>() ?? new RosterSyncOptions();
        services.AddSingleton(options);
        services.AddSingleton<RosterAdministration>();
        services.AddSingleton(sp => new RosterViews(sp.GetRequiredService<IDbContextFactory<EscalationDbContext>>(), sp.GetRequiredService<TimeProvider>())
        {
            GapHorizon = TimeSpan.FromHours(options.GapHorizonHours),
        });
        services.AddSingleton<ScheduleImporter>();
        services.AddSingleton<ScheduleSourceAdministration>();
        services.AddSingleton<RosterSync.RosterSync>();
        services.AddHttpClient(RosterSync.RosterSync.HttpClientName);
        services.AddSingleton<Notices.NoticeBoard>();
        return services;
    }
}
