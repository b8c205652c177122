using Escalation.Infrastructure.Persistence.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Escalation.Infrastructure.Health;

/// <summary>Ready only when the database answers and every migration of this build is applied.</summary>
internal sealed class DatabaseReadyCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EscalationDbContext>();
        if (!await db.Database.CanConnectAsync(cancellationToken))
        {
            return HealthCheckResult.Unhealthy("Database unreachable.");
        }

        var pending = await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().GetPendingAsync(cancellationToken);
        return pending.Count == 0
            ? HealthCheckResult.Healthy("Database reachable, migrations applied.")
            : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied.");
    }
}
