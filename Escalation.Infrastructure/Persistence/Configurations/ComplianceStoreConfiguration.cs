using Escalation.Infrastructure.Compliance;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class StoredReportConfiguration : IEntityTypeConfiguration<StoredReport>
{
    public void Configure(EntityTypeBuilder<StoredReport> builder)
    {
        builder.ToTable("StoredReports");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Kind).HasMaxLength(40).IsRequired();
        builder.Property(r => r.Title).HasMaxLength(200).IsRequired();
        builder.Property(r => r.FileName).HasMaxLength(200).IsRequired();
        builder.Property(r => r.CreatedBy).HasMaxLength(450).IsRequired();
        builder.Property(r => r.Content).IsRequired();
        builder.HasIndex(r => new { r.Kind, r.PeriodFrom }).IsUnique();
    }
}

internal sealed class DrillScheduleConfiguration : IEntityTypeConfiguration<DrillSchedule>
{
    public void Configure(EntityTypeBuilder<DrillSchedule> builder)
    {
        builder.ToTable("DrillSchedules");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.UpdatedBy).HasMaxLength(450).IsRequired();
        builder.Property(s => s.Revision).IsConcurrencyToken();
    }
}

internal sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpoint>
{
    public void Configure(EntityTypeBuilder<AuditCheckpoint> builder)
    {
        builder.ToTable("AuditCheckpoints");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.LastHash).HasMaxLength(64).IsRequired();
        builder.Property(c => c.Signature).HasMaxLength(128).IsRequired();
        builder.Property(c => c.CreatedBy).HasMaxLength(450).IsRequired();
        builder.Ignore(c => c.Canonical);
        builder.HasIndex(c => c.ThroughSequence).IsUnique();
    }
}
