using Escalation.Infrastructure.Fhir.Lifecycle;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class LabResultRecordConfiguration : IEntityTypeConfiguration<LabResultRecord>
{
    public void Configure(EntityTypeBuilder<LabResultRecord> builder)
    {
        builder.ToTable("LabResults");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.SourceName).HasMaxLength(100).IsRequired();
        builder.Property(r => r.Resource).HasMaxLength(200).IsRequired();
        builder.Property(r => r.VersionId).HasMaxLength(64);
        builder.Property(r => r.Status).HasMaxLength(32).IsRequired();
        builder.Property(r => r.Judgement).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(r => r.Flag).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(r => r.Value).HasPrecision(18, 6);
        builder.Property(r => r.Unit).HasMaxLength(50);
        builder.Property(r => r.Direction).HasConversion<string>().HasMaxLength(8).IsRequired();
        builder.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(32).IsRequired();
        builder.Property(r => r.PatientReference).HasMaxLength(200);
        builder.Property(r => r.BasedOn).HasMaxLength(500);
        builder.Property(r => r.ReceivedBy).HasMaxLength(450).IsRequired();
        builder.Ignore(r => r.Judged);
        builder.Ignore(r => r.IsWithdrawn);
        // The same version from the same source is one row (a result without an id has no version and is never a duplicate).
        builder.HasIndex(r => new { r.SourceName, r.Resource, r.VersionId }).IsUnique();
        builder.HasIndex(r => r.MessageId);
    }
}

internal sealed class LabCommunicationConfiguration : IEntityTypeConfiguration<LabCommunication>
{
    public void Configure(EntityTypeBuilder<LabCommunication> builder)
    {
        builder.ToTable("LabCommunications");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(c => c.SourceName).HasMaxLength(100).IsRequired();
        builder.Property(c => c.About).HasMaxLength(200).IsRequired();
        builder.Property(c => c.ResourceJson).IsRequired();
        builder.Property(c => c.State).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(c => c.LastError).HasMaxLength(500);
        builder.Property(c => c.Revision).IsConcurrencyToken();
        builder.HasOne<Message>().WithMany().HasForeignKey(c => c.MessageId).OnDelete(DeleteBehavior.Cascade);
        // One Communication per acknowledgment and one per close, whichever node or retry derives it.
        builder.HasIndex(c => new { c.MessageId, c.Kind }).IsUnique();
        builder.HasIndex(c => new { c.SourceName, c.About });
        builder.HasIndex(c => new { c.State, c.NextAttemptAt });
    }
}
