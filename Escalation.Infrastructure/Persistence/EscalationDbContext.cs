using Escalation.Domain.Organisation;
using Escalation.Infrastructure.DataProtection;
using Escalation.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Escalation.Infrastructure.Persistence;

public sealed class EscalationDbContext(DbContextOptions<EscalationDbContext> options)
    : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<OrganisationProfile> Organisation => Set<OrganisationProfile>();

    public DbSet<Unit> Units => Set<Unit>();

    public DbSet<ClinicalRole> ClinicalRoles => Set<ClinicalRole>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(EscalationDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<UnitId>().HaveConversion<UnitIdConverter>();
        configurationBuilder.Properties<ClinicalRoleId>().HaveConversion<ClinicalRoleIdConverter>();
        if (Database.IsSqlite())
        {
            // SQLite has no date type: EF would store text that cannot be ordered or compared in SQL. The binary
            // form (the value's clock ticks, then its offset) sorts correctly as long as every value has the same
            // offset; all our instants come from TimeProvider.GetUtcNow(), so they are UTC.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    private sealed class UnitIdConverter() : ValueConverter<UnitId, Guid>(id => id.Value, value => new UnitId(value));

    private sealed class ClinicalRoleIdConverter()
        : ValueConverter<ClinicalRoleId, Guid>(id => id.Value, value => new ClinicalRoleId(value));
}
