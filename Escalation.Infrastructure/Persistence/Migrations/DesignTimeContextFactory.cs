using Microsoft.EntityFrameworkCore.Design;

namespace Escalation.Infrastructure.Persistence.Migrations;

/// <summary>
/// What dotnet-ef builds when it adds a migration: the context on the provider named after <c>--</c>
/// (<c>dotnet ef migrations add Name -- --provider Sqlite</c>). No database is opened; the connection strings only
/// choose the dialect.
/// </summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<EscalationDbContext>
{
    public EscalationDbContext CreateDbContext(string[] args)
    {
        var at = Array.IndexOf(args, "--provider");
        if (at < 0 || at + 1 >= args.Length || !Enum.TryParse<DatabaseProvider>(args[at + 1], ignoreCase: true, out var provider))
        {
            throw new InvalidOperationException("Name the provider after the tool's arguments: -- --provider Sqlite|Postgres|SqlServer");
        }

        var options = new DbContextOptionsBuilder<EscalationDbContext>();
        DependencyInjection.Configure(options, DesignTimeOptions(provider));
        return new EscalationDbContext(options.Options);
    }

    /// <summary>A context for a provider without a database: what the model and its DDL look like there.</summary>
    public static DatabaseOptions DesignTimeOptions(DatabaseProvider provider) => new(provider, provider switch
    {
        DatabaseProvider.Postgres => "Host=localhost",
        DatabaseProvider.SqlServer => "Server=localhost;Database=Escalation;Integrated Security=false;TrustServerCertificate=true",
        _ => "Data Source=:memory:",
    });
}
