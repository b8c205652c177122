using Escalation.Domain.Ladders;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.ToTable("Messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Tier).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Source).HasConversion<string>().HasMaxLength(32);
        builder.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(m => m.Outcome).HasConversion<string>().HasMaxLength(32);
        builder.Property(m => m.Subject).HasMaxLength(200).IsRequired();
        // Ciphertext only: the aggregate never holds patient information in clear (see PatientDataProtector).
        builder.Property(m => m.Body).HasConversion(t => t.Ciphertext, c => new ProtectedText(c)).IsRequired();
        builder.Property(m => m.PatientRef).HasConversion(t => t!.Value.Ciphertext, c => new ProtectedText(c));
        builder.Property(m => m.ExternalId).HasMaxLength(200);
        builder.Property(m => m.CreatedBy).HasMaxLength(450).IsRequired();
        builder.Property(m => m.AcknowledgedBy).HasMaxLength(450);
        builder.Property(m => m.ClosedBy).HasMaxLength(450);
        builder.Property(m => m.CloseNote).HasConversion(t => t!.Value.Ciphertext, c => new ProtectedText(c));
        builder.Property(m => m.Revision).IsConcurrencyToken();
        builder.HasOne<Unit>().WithMany().HasForeignKey(m => m.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Ladder>().WithMany().HasForeignKey(m => m.LadderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ClinicalRole>().WithMany().HasForeignKey(m => m.BroadcastRoleId).OnDelete(DeleteBehavior.Restrict);

        // The same external id from the same kind of source is the same message (integrations retry).
        builder.HasIndex(m => new { m.Source, m.ExternalId }).IsUnique();
        // The board and the auditor look for open messages by deadline.
        builder.HasIndex(m => new { m.State, m.DeadlineAt });
        builder.HasIndex(m => m.CreatedAt);
        // The forgotten-acknowledgment sweep looks for acknowledged messages by when they were acknowledged.
        builder.HasIndex(m => new { m.State, m.AcknowledgedAt });

        builder.HasMany(m => m.Deliveries).WithOne().HasForeignKey(d => d.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(m => m.Deliveries).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(m => m.Events);
        builder.Ignore(m => m.RecipientIds);
        builder.Ignore(m => m.IsDrill);
    }
}
