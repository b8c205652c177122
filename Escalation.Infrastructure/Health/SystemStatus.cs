using Escalation.Infrastructure.Persistence.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Escalation.Infrastructure.Health;

/// <summary>What an administrator's home shows about this node: store, schema version, scheduler.</summary>
public sealed record SystemStatus(
    DatabaseProvider Provider,
    string SchemaVersion,
    int PendingMigrations,
    bool SchedulerRunning,
    bool SchedulerClustered,
    string? SchedulerInstanceId,
    long AuditorFired,
    int OpenMessages,
    int OverdueMessages,
    HealthStatus Overall);

public sealed class SystemStatusService(IServiceScopeFactory scopes, DatabaseOptions database, Scheduling.EscalationSchedulers schedulers, TimeProvider clock, Engine.EngineOptions engine)
{
    public async Task<SystemStatus> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var migrator = scope.ServiceProvider.GetRequiredService<DatabaseMigrator>();
        var pending = await migrator.GetPendingAsync(cancellationToken);
        var schemaVersion = await migrator.GetCurrentAsync(cancellationToken) ?? "none";

        var running = false;
        var clustered = false;
        string? instanceId = null;
        if (await schedulers.SharedAsync(cancellationToken) is { } shared && await schedulers.DueStepsAsync(cancellationToken) is { } dueSteps)
        {
            // Running means deadlines fire here (the node's own due-step scheduler) and the chores are scheduled (the
            // shared one); clustered and the instance id describe the shared one, the only one nodes share.
            var metadata = await shared.GetMetadata(cancellationToken);
            running = metadata.Status == SchedulerStatus.Running && await dueSteps.GetStatus(cancellationToken) == SchedulerStatus.Running;
            clustered = metadata.JobStoreClustered;
            instanceId = metadata.SchedulerInstanceId;
        }

        long auditorFired = 0;
        int open = 0, overdue = 0;
        if (pending.Count == 0)
        {
            var db = scope.ServiceProvider.GetRequiredService<EscalationDbContext>();
            var cutoff = clock.GetUtcNow() - engine.AuditorGrace;
            auditorFired = await db.EngineCounters.Where(c => c.Name == Engine.EngineCounter.AuditorFired).Select(c => c.Value).SingleOrDefaultAsync(cancellationToken);
            open = await db.Messages.CountAsync(m => m.State == Escalation.Domain.Messages.MessageState.Open, cancellationToken);
            overdue = await db.Messages.CountAsync(m => m.State == Escalation.Domain.Messages.MessageState.Open && m.DeadlineAt != null && m.DeadlineAt < cutoff, cancellationToken);
        }

        // A step overdue beyond the grace period means deadlines are not firing: that needs attention now.
        var overall = pending.Count == 0 && running && overdue == 0 ? HealthStatus.Healthy : HealthStatus.Unhealthy;
        return new SystemStatus(database.Provider, schemaVersion, pending.Count, running, clustered, instanceId, auditorFired, open, overdue, overall);
    }
}
