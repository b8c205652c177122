using Escalation.Infrastructure.Persistence;
using Escalation.Web.Endpoints;
using Microsoft.EntityFrameworkCore;

namespace Escalation.Web.Commands;

/// <summary>
/// Maintenance commands run as <c>dotnet run --project Escalation.Web -- COMMAND</c> instead of starting the server.
/// </summary>
internal static class ToolCommands
{
    public static bool TryRun(string[] args, out int exitCode)
    {
        exitCode = 0;
        if (args.Length == 0)
        {
            return false;
        }

        switch (args[0])
        {
            case "benchmark-engine":
                exitCode = EngineBenchmark.RunAsync(args.Skip(1).ToArray()).GetAwaiter().GetResult();
                return true;
            case "benchmark-export":
                exitCode = ExportBenchmark.RunAsync(args.Skip(1).ToArray()).GetAwaiter().GetResult();
                return true;
            case "print-model-schema":
                exitCode = PrintModelSchema(args.Skip(1).FirstOrDefault());
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Prints the DDL the EF model would create on an empty database for one provider. Our migrations are
    /// hand-written (the EF design-time tools are missing from the feed): write the next migration by diffing this
    /// against the previous output; the schema tests then prove the migrated database equals the model.
    /// </summary>
    private static int PrintModelSchema(string? providerName)
    {
        if (!EnumNames.TryParse<DatabaseProvider>(providerName, out var provider))
        {
            Console.Error.WriteLine("usage: print-model-schema Sqlite|Postgres");
            return 2;
        }

        var connectionString = provider == DatabaseProvider.Postgres ? "Host=localhost" : "Data Source=:memory:";
        var options = new DbContextOptionsBuilder<EscalationDbContext>();
        Escalation.Infrastructure.DependencyInjection.Configure(options, new DatabaseOptions(provider, connectionString));
        using var db = new EscalationDbContext(options.Options);
        Console.WriteLine(db.Database.GenerateCreateScript());
        return 0;
    }
}
