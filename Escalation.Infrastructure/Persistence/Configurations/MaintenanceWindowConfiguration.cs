using Escalation.Infrastructure.Compliance;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class MaintenanceWindowConfiguration : IEntityTypeConfiguration<MaintenanceWindow>
{
    public void Configure(EntityTypeBuilder<MaintenanceWindow> builder)
    {
        builder.ToTable("MaintenanceWindows");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Id).ValueGeneratedNever();
        builder.Property(w => w.Description).HasMaxLength(500).IsRequired();
        builder.Property(w => w.FallbackProcedure).HasMaxLength(4000).IsRequired();
        builder.Property(w => w.CreatedBy).HasMaxLength(450).IsRequired();
        builder.HasIndex(w => new { w.StartsAt, w.EndsAt });
    }
}
