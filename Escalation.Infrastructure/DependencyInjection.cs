using Escalation.Infrastructure.Answering;
using Escalation.Infrastructure.DataProtection;
using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Fhir;
using Escalation.Infrastructure.Fhir.Sources;
using Escalation.Infrastructure.Health;
using Escalation.Infrastructure.Persistence.Migrations;
using Escalation.Infrastructure.Scheduling;
using Escalation.Infrastructure.Seeding;
using Escalation.Infrastructure.Telephony;
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

        services.AddDbContextFactory<EscalationDbContext>(options => Configure(options, database));
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

        var engineOptions = builder.Configuration.GetSection(EngineOptions.Section).Get<EngineOptions>() ?? new EngineOptions();
        if (engineOptions.RepageInterval < TimeSpan.FromSeconds(30) || engineOptions.AuditorInterval <= TimeSpan.Zero || engineOptions.ForgottenAckInterval <= TimeSpan.Zero
            || engineOptions.AuditorGrace < TimeSpan.Zero || engineOptions.AuditorBatchSize <= 0
            || engineOptions.DueStepInterval <= TimeSpan.Zero || engineOptions.DueStepBatchSize <= 0)
        {
            throw new InvalidOperationException("Engine:RepageInterval must be at least 30 s, Engine:AuditorInterval, Engine:ForgottenAckInterval, Engine:AuditorBatchSize, Engine:DueStepInterval and Engine:DueStepBatchSize positive, Engine:AuditorGrace not negative.");
        }

        services.AddSingleton(engineOptions);
        services.AddSingleton<PatientDataProtector>();
        services.AddSingleton<EngineNotifier>();
        services.AddMetrics();
        services.AddSingleton<Telemetry.OperationsFigures>();
        services.AddHostedService<Telemetry.OperationsSampler>();
        if (database.Provider == DatabaseProvider.Postgres)
        {
            // Several nodes share live screens through LISTEN/NOTIFY; SQLite is one node, and SQL Server nodes do
            // not yet carry changes to each other (docs/decisions/033).
            services.AddSingleton(sp => new ClusterNotifications(sp.GetRequiredService<EngineNotifier>(), database.ConnectionString,
                sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ClusterNotifications>>()));
            services.AddHostedService(sp => sp.GetRequiredService<ClusterNotifications>());
        }
        services.AddSingleton<EscalationEngine>();
        services.AddSingleton<MessageQueries>();
        services.AddSingleton<Access.MessageAccess>();
        services.AddSingleton<InboxQueries>();
        services.AddSingleton<Compliance.NearMissReviewAdministration>();
        services.AddSingleton<Compliance.Maintenance>();
        services.AddSingleton<Compliance.Drills>();
        services.AddSingleton<Compliance.Exports.ComplianceExports>();
        services.AddSingleton<Compliance.ComplianceSchedule>();
        services.AddSingleton<Compliance.ComplianceRecords>();
        services.AddSingleton(builder.Configuration.GetSection(Fhir.FhirIntakeOptions.Section).Get<Fhir.FhirIntakeOptions>() ?? new Fhir.FhirIntakeOptions());
        services.AddSingleton<Fhir.LabResultIntake>();
        Fhir.Lifecycle.FhirLifecycleRegistration.AddFhirLifecycle(services, builder.Configuration);
        services.AddFhirSources(builder.Configuration.GetSection(Fhir.FhirIntakeOptions.Section));
        Hl7v2.Hl7v2Registration.AddHl7v2(services, builder.Configuration);
        var retention = builder.Configuration.GetSection(Audit.RetentionOptions.Section).Get<Audit.RetentionOptions>() ?? new Audit.RetentionOptions();
        if (retention.RetentionYears < 1)
        {
            throw new InvalidOperationException("Audit:RetentionYears must be at least 1.");
        }

        services.AddSingleton(retention);
        services.AddSingleton(_ => Audit.AuditCheckpointSigner.FromOptions(retention, builder.Environment.ContentRootPath));
        services.AddSingleton<Audit.AuditRetention>();
        services.AddSingleton<MessageReplies>();
        services.AddSingleton<Integrations.ApiKeyAdministration>();
        services.AddSingleton<Metrics.MetricsQueries>();
        services.AddSingleton<Ladders.LadderAdministration>();
        services.AddSingleton<Ladders.LadderReplays>();
        services.AddSingleton<LabResults.LabRules>();
        services.AddSingleton<LabResults.LabLimitAdministration>();
        var roster = builder.Configuration.GetSection(RosterSync.RosterSyncOptions.Section).Get<RosterSync.RosterSyncOptions>() ?? new RosterSync.RosterSyncOptions();
        services.AddSingleton(roster);
        services.AddSingleton<Roster.RosterAdministration>();
        services.AddSingleton(sp => new Roster.RosterViews(sp.GetRequiredService<IDbContextFactory<EscalationDbContext>>(), sp.GetRequiredService<TimeProvider>())
        {
            GapHorizon = TimeSpan.FromHours(roster.GapHorizonHours),
        });
        services.AddSingleton<RosterSync.ScheduleImporter>();
        services.AddSingleton<RosterSync.ScheduleSourceAdministration>();
        services.AddSingleton<RosterSync.RosterSync>();
        services.AddSingleton<Notices.NoticeBoard>();
        services.AddHttpClient(RosterSync.RosterSync.HttpClientName);
        var twilioSection = builder.Configuration.GetSection(TwilioOptions.SectionName);
        services.AddTwilioTelephony(twilioSection);
        services.AddSingleton(builder.Configuration.GetSection(Paging.PagingOptions.Section).Get<Paging.PagingOptions>() ?? new Paging.PagingOptions());
        services.AddSingleton<Paging.TelephonyPaging>();
        // Twilio:Fake (a local demo's phone network) is started and wired by the web project, which hosts it.
        var demoTwilio = builder.Configuration.GetValue<bool>(TwilioOptions.DemoSetting);
        if (demoTwilio && (!builder.Environment.IsDevelopment() || !string.IsNullOrWhiteSpace(twilioSection["AccountSid"])))
        {
            throw new InvalidOperationException("Twilio:Fake is for local demos: Development only, and not together with a real Twilio:AccountSid.");
        }

        if (!string.IsNullOrWhiteSpace(twilioSection["AccountSid"]) || demoTwilio)
        {
            if (!demoTwilio && (string.IsNullOrWhiteSpace(twilioSection["AuthToken"]) || string.IsNullOrWhiteSpace(twilioSection["FromNumber"]) || string.IsNullOrWhiteSpace(twilioSection["PublicBaseUrl"])))
            {
                throw new InvalidOperationException("Twilio:AccountSid is set, so Twilio:AuthToken, Twilio:FromNumber and Twilio:PublicBaseUrl must be too.");
            }

            // Without an account, SMS and voice pages stay queued in the outbox (and the inbox works) rather
            // than each being recorded as failed.
            services.AddSingleton<IChannelSender>(sp => new Paging.TelephonySender(sp.GetRequiredService<Paging.TelephonyPaging>(), Domain.Ladders.Channels.Sms));
            services.AddSingleton<IChannelSender>(sp => new Paging.TelephonySender(sp.GetRequiredService<Paging.TelephonyPaging>(), Domain.Ladders.Channels.Voice));
            services.AddHostedService<Paging.TelephonyRetryService>();
        }
        services.AddAnsweringService();
        services.AddSingleton<IChannelSender, InboxSender>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddTransient<DueStepJob>();
        services.AddHostedService<OverdueAuditor>();
        services.AddSingleton<ForgottenAckSweep>();
        services.AddHostedService<ForgottenAckService>();
        services.AddSingleton<Audit.AuditChainer>();
        services.AddHostedService<Audit.AuditChainService>();
        services.AddHostedService<OutboxDispatchService>();

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
