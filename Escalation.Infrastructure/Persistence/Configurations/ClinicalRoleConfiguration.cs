using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class ClinicalRoleConfiguration : IEntityTypeConfiguration<ClinicalRole>
{
    public void Configure(EntityTypeBuilder<ClinicalRole> builder)
    {
        builder.ToTable("ClinicalRoles");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(32).IsRequired();
        builder.Property(r => r.Name).HasMaxLength(200).IsRequired();
        builder.HasIndex(r => new { r.UnitId, r.Name }).IsUnique();
    }
}
