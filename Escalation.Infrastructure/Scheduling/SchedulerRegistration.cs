using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace Escalation.Infrastructure.Scheduling;

internal static class SchedulerRegistration
{
    /// <summary>
    /// Quartz keeps its triggers in the product's own database, so an escalation deadline survives a restart;
    /// on PostgreSQL and SQL Server the nodes form a Quartz cluster and a dead node's triggers move to a survivor.
    /// </summary>
    public static void AddEscalationScheduler(this IHostApplicationBuilder builder, DatabaseOptions database, Engine.EngineOptions engine)
    {
        var options = builder.Configuration.GetSection(SchedulerOptions.Section).Get<SchedulerOptions>() ?? new SchedulerOptions();
        builder.Services.AddSingleton(options);
        builder.AddQuartz(quartz =>
        {
            quartz.UsePersistentStore(store =>
            {
                switch (database.Provider)
                {
                    case DatabaseProvider.Postgres:
                        store.UsePostgres(database.ConnectionString);
                        store.UseClustering(c => c.CheckinInterval = options.ClusterCheckinInterval);
                        break;
                    case DatabaseProvider.SqlServer:
                        store.UseSqlServer(database.ConnectionString);
                        store.UseClustering(c => c.CheckinInterval = options.ClusterCheckinInterval);
                        break;
                    default:
                        store.UseSqlite(database.ConnectionString);
                        break;
                }

                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
            });

            // Escalation deadlines: one job takes every due step in batches. A run missed while no node was up fires as
            // soon as one is (not at the next interval), so a restart after the deadlines passed takes them at once.
            quartz.AddJob<Engine.DueStepJob>(job => job.WithIdentity(Engine.DueStepJob.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(Engine.DueStepJob.Key)
                .WithIdentity("due-steps", "escalation")
                .StartNow()
                .WithSimpleSchedule(schedule => schedule.WithInterval(engine.DueStepInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount)));

            // Pulls schedule sources, watches staleness and sends the daily roster digest (see RosterSync).
            var rosterInterval = builder.Configuration.GetSection(RosterSync.RosterSyncOptions.Section).Get<RosterSync.RosterSyncOptions>()?.SyncInterval
                ?? new RosterSync.RosterSyncOptions().SyncInterval;
            quartz.AddJob<RosterSync.RosterSyncJob>(job => job.WithIdentity(RosterSync.RosterSyncJob.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(RosterSync.RosterSyncJob.Key)
                .WithIdentity("roster-sync", "roster")
                .StartNow()
                .WithSimpleSchedule(schedule => schedule.WithInterval(rosterInterval).RepeatForever()));

            // Weekly exception report, scheduled drills and the retention purge; each checks whether it is due.
            quartz.AddJob<Compliance.ComplianceJob>(job => job.WithIdentity(Compliance.ComplianceJob.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(Compliance.ComplianceJob.Key)
                .WithIdentity("compliance", "compliance")
                .StartNow()
                .WithSimpleSchedule(schedule => schedule.WithInterval(options.ComplianceInterval).RepeatForever()));
        });
        builder.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
    }
}
