using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> builder)
    {
        builder.ToTable("Deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.RecipientId).HasMaxLength(450).IsRequired();
        builder.Property(d => d.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Ignore(d => d.IdempotencyKey);
        builder.Ignore(d => d.IsReminder);
        // One page per (message, layer, re-page, person, channel), enforced by the database itself.
        builder.HasIndex(d => new { d.MessageId, d.Layer, d.Page, d.RecipientId, d.Channel }).IsUnique();
        builder.HasIndex(d => new { d.RecipientId, d.DeliveredAt });
    }
}
