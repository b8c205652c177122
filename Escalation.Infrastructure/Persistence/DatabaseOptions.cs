using Microsoft.Extensions.Configuration;

namespace Escalation.Infrastructure.Persistence;

/// <summary>Which store the product runs on, read once from configuration (<c>Database:Provider</c>, <c>ConnectionStrings:Escalation</c>).</summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqliteConnectionString = "Data Source=data/escalation.db";

    public static DatabaseOptions FromConfiguration(IConfiguration configuration, string contentRoot)
    {
        var providerText = configuration["Database:Provider"];
        DatabaseProvider provider;
        if (string.IsNullOrWhiteSpace(providerText))
        {
            provider = DatabaseProvider.Sqlite;
        }
        else if (!Enum.TryParse(providerText, ignoreCase: true, out provider) || !Enum.IsDefined(provider))
        {
            throw new InvalidOperationException(
                $"Database:Provider '{providerText}' is not supported; use 'Sqlite', 'Postgres' or 'SqlServer'.");
        }

        var connectionString = configuration.GetConnectionString("Escalation");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider != DatabaseProvider.Sqlite)
            {
                throw new InvalidOperationException(
                    $"Database:Provider is {provider} but ConnectionStrings:Escalation is empty.");
            }

            connectionString = DefaultSqliteConnectionString;
        }

        if (provider == DatabaseProvider.Sqlite)
        {
            connectionString = SqliteFiles.ResolveRelativeTo(connectionString, contentRoot);
        }

        return new DatabaseOptions(provider, connectionString);
    }
}
