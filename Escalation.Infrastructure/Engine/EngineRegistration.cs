using Escalation.Infrastructure.Access;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Escalation.Infrastructure.Engine;

public static class EngineRegistration
{
    /// <summary>The <c>Engine:</c> settings, refused at start-up when they would make the engine unsafe or idle.</summary>
    public static EngineOptions ReadEngineOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(EngineOptions.Section).Get<EngineOptions>() ?? new EngineOptions();
        if (options.RepageInterval < TimeSpan.FromSeconds(30) || options.AuditorInterval <= TimeSpan.Zero || options.ForgottenAckInterval <= TimeSpan.Zero
            || options.AuditorGrace < TimeSpan.Zero || options.AuditorBatchSize <= 0
            || options.DueStepInterval <= TimeSpan.Zero || options.DueStepBatchSize <= 0)
        {
            throw new InvalidOperationException("Engine:RepageInterval must be at least 30 s, Engine:AuditorInterval, Engine:ForgottenAckInterval, Engine:AuditorBatchSize, Engine:DueStepInterval and Engine:DueStepBatchSize positive, Engine:AuditorGrace not negative.");
        }

        return options;
    }

    /// <summary>
    /// The engine and what it needs: messages and their read side, live screens (across nodes on PostgreSQL), the
    /// outbox, the due-step job Quartz runs, the overdue auditor and the forgotten-acknowledgment sweep
    /// (docs/decisions/006, 030, 033).
    /// </summary>
    public static IServiceCollection AddEngine(this IServiceCollection services, EngineOptions options, DatabaseOptions database, ClusterOptions? cluster = null)
    {
        services.AddSingleton(options);
        services.AddSingleton<PatientDataProtector>();
        services.AddSingleton<EngineNotifier>();
        services.AddMetrics();
        services.AddSingleton<Telemetry.OperationsFigures>();
        services.AddHostedService<Telemetry.OperationsSampler>();
        if ((cluster ?? ClusterOptions.Default).Polls(database.Provider))
        {
            // SQL Server nodes (or PostgreSQL ones told to) poll the audit trail (docs/decisions/033).
            services.AddClusterPolling(database, cluster ?? ClusterOptions.Default);
        }
        else if (database.Provider == DatabaseProvider.Postgres)
        {
            // Several nodes share live screens through LISTEN/NOTIFY; SQLite is one node (docs/decisions/033).
            services.AddSingleton(sp => new ClusterNotifications(sp.GetRequiredService<EngineNotifier>(), database.ConnectionString,
                sp.GetRequiredService<ILogger<ClusterNotifications>>()));
            services.AddHostedService(sp => sp.GetRequiredService<ClusterNotifications>());
        }

        services.AddSingleton<EscalationEngine>();
        services.AddSingleton<MessageQueries>();
        services.AddSingleton<MessageAccess>();
        services.AddSingleton<InboxQueries>();
        services.AddSingleton<MessageReplies>();
        services.AddSingleton<IChannelSender, InboxSender>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddTransient<DueStepJob>();
        services.AddHostedService<OverdueAuditor>();
        services.AddSingleton<ForgottenAckSweep>();
        services.AddHostedService<ForgottenAckService>();
        services.AddHostedService<OutboxDispatchService>();
        return services;
    }
}
