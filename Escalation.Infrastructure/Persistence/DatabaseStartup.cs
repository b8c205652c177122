using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Identity;
using Escalation.Infrastructure.Persistence.Migrations;
using Escalation.Infrastructure.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Escalation.Infrastructure.Persistence;

public static class DatabaseStartup
{
    /// <summary>
    /// Runs before the web server and the scheduler start: migrate, encrypt what an earlier release left in clear
    /// (<see cref="DataProtection.PatientDataUpgrade"/>), create the persona roles, seed the demo
    /// organisation in Development, and refuse to run anywhere else while a demo password still works.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, IHostEnvironment environment, CancellationToken cancellationToken = default)
    {
        var database = services.GetRequiredService<DatabaseOptions>();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            SqliteFiles.RestrictToOwner(database.ConnectionString);
        }

        await DatabaseUnreachableException.ThrowIfUnreachableAsync(database, cancellationToken);
        await using var exclusive = await StartupLock.AcquireAsync(database, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        await provider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        await provider.GetRequiredService<DataProtection.PatientDataUpgrade>().RunAsync(cancellationToken);
        await DemoDataSeeder.EnsurePersonaRolesAsync(provider.GetRequiredService<RoleManager<IdentityRole>>());
        var now = provider.GetRequiredService<TimeProvider>().GetUtcNow();
        await EngineDefaults.EnsureAsync(provider.GetRequiredService<EscalationDbContext>(), now, includeDrillLadder: environment.IsDevelopment(), cancellationToken);

        if (environment.IsDevelopment())
        {
            await provider.GetRequiredService<DemoDataSeeder>().SeedAsync(cancellationToken);
        }

        else
        {
            var guard = provider.GetRequiredService<DemoPasswordGuard>();
            var exposed = (await guard.FindAccountsWithDemoPasswordAsync(cancellationToken)).ToList();
            if (await guard.DemoApiKeyIsActiveAsync(cancellationToken))
            {
                exposed.Add($"the integration key '{DemoData.IntegrationKey}' (revoke it)");
            }

            if (exposed.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Refusing to start in {environment.EnvironmentName}: published demo credentials still work here: {string.Join(", ", exposed)}. Change those passwords and revoke that key first.");
            }
        }
    }
}
