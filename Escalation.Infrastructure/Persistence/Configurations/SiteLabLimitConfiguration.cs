using Escalation.Domain.LabResults;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class SiteLabLimitConfiguration : IEntityTypeConfiguration<SiteLabLimit>
{
    public void Configure(EntityTypeBuilder<SiteLabLimit> builder)
    {
        builder.ToTable("LabLimits");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.LoincCode).HasMaxLength(10).IsRequired();
        builder.Property(l => l.Unit).HasMaxLength(LabLimitValidation.MaxUnitLength).IsRequired();
        builder.Property(l => l.Display).HasMaxLength(LabLimitValidation.MaxDisplayLength).IsRequired();
        builder.Property(l => l.CriticalLow).HasPrecision(18, 6);
        builder.Property(l => l.CriticalHigh).HasPrecision(18, 6);
        builder.Property(l => l.AbnormalLow).HasPrecision(18, 6);
        builder.Property(l => l.AbnormalHigh).HasPrecision(18, 6);
        builder.Property(l => l.UpdatedBy).HasMaxLength(450);

        // The service also refuses mmol/l beside mmol/L (the same UCUM unit); the index stops two racing saves.
        builder.HasIndex(l => new { l.LoincCode, l.Unit }).IsUnique();
    }
}
