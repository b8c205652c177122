using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace Escalation.Infrastructure.Scheduling;

internal static class SchedulerRegistration
{
    /// <summary>
    /// Two Quartz schedulers per node. The shared one keeps the chores' triggers in the product's own database; on
    /// PostgreSQL and SQL Server the nodes form a Quartz cluster and a dead node's triggers move to a survivor once
    /// its check-in times out. The due-step one is the node's own, in memory, so deadlines never wait for that.
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

        // Escalation deadlines: every node runs the due-step job on its own in-memory scheduler, so a node that dies
        // takes no trigger with it and the survivors' next run (a fraction of a second later) takes what it left.
        // The claim makes each step exclusive across nodes (docs/decisions/006, 033). Nothing about it needs to
        // outlive the process: the message's DeadlineAt is the durable timer, and the trigger starting now at every
        // start takes the deadlines that passed while the node was down.
        // A run missed while the clock jumped or a long batch ran fires at once rather than at the next interval.
        builder.AddQuartz(EscalationSchedulers.DueSteps, quartz =>
        {
            quartz.UseInMemoryStore();
            quartz.UseDefaultThreadPool(1);
            quartz.AddJob<Engine.DueStepJob>(job => job.WithIdentity(Engine.DueStepJob.Key).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(Engine.DueStepJob.Key)
                .WithIdentity(Engine.DueStepJob.Key.Name, Engine.DueStepJob.Key.Group)
                .StartNow()
                .WithSimpleSchedule(schedule => schedule.WithInterval(engine.DueStepInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount)));
        });
        builder.Services.AddSingleton<EscalationSchedulers>();
        builder.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
    }
}
