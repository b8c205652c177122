using Escalation.Infrastructure.Engine;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class OutboxItemConfiguration : IEntityTypeConfiguration<OutboxItem>
{
    public void Configure(EntityTypeBuilder<OutboxItem> builder)
    {
        builder.ToTable("Outbox");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.IdempotencyKey).HasMaxLength(700).IsRequired();
        builder.HasIndex(o => o.IdempotencyKey).IsUnique();
        builder.Property(o => o.RecipientId).HasMaxLength(450).IsRequired();
        builder.Property(o => o.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.LastError).HasMaxLength(500);
        builder.HasIndex(o => new { o.SentAt, o.CreatedAt });
    }
}
