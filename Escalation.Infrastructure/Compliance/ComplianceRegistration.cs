using Escalation.Infrastructure.Compliance.Exports;
using Microsoft.Extensions.DependencyInjection;

namespace Escalation.Infrastructure.Compliance;

public static class ComplianceRegistration
{
    /// <summary>Near-miss reviews, maintenance windows, drills, the workbooks, the stored weekly reports and the page's downloads.</summary>
    public static IServiceCollection AddCompliance(this IServiceCollection services)
    {
        services.AddSingleton<NearMissReviewAdministration>();
        services.AddSingleton<Maintenance>();
        services.AddSingleton<Drills>();
        services.AddSingleton<ComplianceExports>();
        services.AddSingleton<ComplianceSchedule>();
        services.AddSingleton<ComplianceRecords>();
        services.AddSingleton<ExportDownloads>();
        return services;
    }
}
