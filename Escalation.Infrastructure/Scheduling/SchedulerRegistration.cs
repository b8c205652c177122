using Escalation.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace Escalation.Infrastructure.Scheduling;

internal static class SchedulerRegistration
{
    /// <summary>
    /// Quartz keeps its triggers in the product's own database, so an escalation deadline survives a restart;
    /// on PostgreSQL the nodes form a Quartz cluster and a dead node's triggers move to a survivor.
    /// </summary>
    public static void AddEscalationScheduler(this IHostApplicationBuilder builder, DatabaseOptions database)
    {
        var options = builder.Configuration.GetSection(SchedulerOptions.Section).Get<SchedulerOptions>() ?? new SchedulerOptions();
        builder.Services.AddSingleton(options);
        builder.AddQuartz(quartz =>
        {
            quartz.UsePersistentStore(store =>
            {
                if (database.Provider == DatabaseProvider.Postgres)
                {
                    store.UsePostgres(database.ConnectionString);
                    store.UseClustering(c => c.CheckinInterval = options.ClusterCheckinInterval);
                }
                else
                {
                    store.UseSqlite(database.ConnectionString);
                }

                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
            });
        });
        builder.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
    }
}
