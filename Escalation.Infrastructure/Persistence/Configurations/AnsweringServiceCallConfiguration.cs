using Escalation.Infrastructure.Answering;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class AnsweringServiceCallConfiguration : IEntityTypeConfiguration<AnsweringServiceCall>
{
    public void Configure(EntityTypeBuilder<AnsweringServiceCall> builder)
    {
        builder.ToTable("AnsweringServiceCalls");
        builder.HasKey(c => c.MessageId);
        builder.Property(c => c.MessageId).ValueGeneratedNever();
        // Ciphertext only, like the message body: the caller's name, number and reason are patient data.
        builder.Property(c => c.CallerName).HasConversion(t => t.Ciphertext, c => new ProtectedText(c)).IsRequired();
        builder.Property(c => c.CallbackNumber).HasConversion(t => t.Ciphertext, c => new ProtectedText(c)).IsRequired();
        builder.Property(c => c.Reason).HasConversion(t => t!.Value.Ciphertext, c => new ProtectedText(c));
        builder.Property(c => c.TriageTier).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Routing).HasMaxLength(200).IsRequired();
        builder.HasOne<Message>().WithOne().HasForeignKey<AnsweringServiceCall>(c => c.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
