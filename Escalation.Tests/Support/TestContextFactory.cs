namespace Escalation.Tests.Support;

/// <summary>Contexts on one real database, configured exactly as the app configures them.</summary>
public sealed class TestContextFactory(DatabaseOptions database) : IDbContextFactory<EscalationDbContext>
{
    public DatabaseOptions Options => database;

    public EscalationDbContext CreateDbContext()
    {
        var builder = new DbContextOptionsBuilder<EscalationDbContext>();
        Escalation.Infrastructure.DependencyInjection.Configure(builder, database);
        return new EscalationDbContext(builder.Options);
    }
}
