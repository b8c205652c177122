using Escalation.Infrastructure.Engine;
using Escalation.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class MessageReplyConfiguration : IEntityTypeConfiguration<MessageReply>
{
    public void Configure(EntityTypeBuilder<MessageReply> builder)
    {
        builder.ToTable("MessageReplies");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.UserId).HasMaxLength(450).IsRequired();
        builder.Property(r => r.Text).HasConversion(t => t.Ciphertext, c => new ProtectedText(c)).IsRequired();
        builder.HasOne<Message>().WithMany().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.MessageId, r.At });
    }
}
