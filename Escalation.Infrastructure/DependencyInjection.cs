using Escalation.Infrastructure.Answering;
using Escalation.Infrastructure.Compliance;
using Escalation.Infrastructure.DataProtection;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Health;
using Escalation.Infrastructure.LabResults;
using Escalation.Infrastructure.Ladders;
using Escalation.Infrastructure.Paging;
using Escalation.Infrastructure.Persistence.Migrations;
using Escalation.Infrastructure.Roster;
using Escalation.Infrastructure.Scheduling;
using Escalation.Infrastructure.Seeding;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Escalation.Infrastructure;

public static class DependencyInjection
{
    public const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddInfrastructure(this IHostApplicationBuilder builder)
    {
        var database = DatabaseOptions.FromConfiguration(builder.Configuration, builder.Environment.ContentRootPath);
        var services = builder.Services;
        services.AddSingleton(database);
        services.TryAddSingleton(TimeProvider.System);

        services.AddDbContextFactory<EscalationDbContext>((provider, options) =>
        {
            Configure(options, database);
            ClusterPollingRegistration.Intercept(provider, options);
        });
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<DemoDataSeeder>();
        services.AddScoped<DemoPasswordGuard>();
        services.AddSingleton<SystemStatusService>();
        // The web layer registers the limits from Auth: first; these defaults serve hosts without it.
        services.TryAddSingleton(new Identity.SignInThrottleSettings(5, 20, 20, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15)));
        services.AddSingleton<Identity.SignInThrottle>();
        services.AddSingleton<Organisation.OrganisationDirectory>();

        // Keys in the database so every node and restart shares them; encrypted with a certificate that is not.
        services.AddDataProtection().SetApplicationName("Escalation")
            .PersistKeysToDbContext<EscalationDbContext>()
            .ProtectKeysWithCertificate(KeyRingCertificate.Load(builder.Configuration, builder.Environment));
        services.AddScoped<PatientDataUpgrade>();

        services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag])
            .AddCheck<SchedulerRunningCheck>("scheduler", tags: [ReadyTag]);

        services.AddSingleton<Integrations.ApiKeyAdministration>();
        services.AddSingleton<Metrics.MetricsQueries>();

        // By feature, each in its folder. Hosted services start in the order they are added, Quartz last
        // (docs/architecture.md, "Start-up").
        var engineOptions = EngineRegistration.ReadEngineOptions(builder.Configuration);
        services.AddEngine(engineOptions, database, ClusterOptions.Read(builder.Configuration, database.Provider));
        services.AddLadders();
        services.AddCompliance();
        services.AddLabResults(builder.Configuration);
        services.AddAuditTrail(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddRoster(builder.Configuration);
        services.AddPaging(builder.Configuration, builder.Environment);
        services.AddAnsweringService();

        builder.AddEscalationScheduler(database, engineOptions);
        return builder;
    }

    public static void Configure(DbContextOptionsBuilder options, DatabaseOptions database)
    {
        _ = database.Provider switch
        {
            DatabaseProvider.Postgres => options.UseNpgsql(database.ConnectionString),
            DatabaseProvider.SqlServer => options.UseSqlServer(database.ConnectionString),
            _ => options.UseSqlite(database.ConnectionString),
        };

        // Each provider has its own generated migration set in this assembly (docs/decisions/026).
        options.ReplaceService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly, ProviderMigrationsAssembly>();
    }
}
