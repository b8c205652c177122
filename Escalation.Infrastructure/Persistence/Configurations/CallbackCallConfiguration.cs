using Escalation.Infrastructure.Answering;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class CallbackCallConfiguration : IEntityTypeConfiguration<CallbackCall>
{
    public void Configure(EntityTypeBuilder<CallbackCall> builder)
    {
        builder.ToTable("CallbackCalls");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.ClinicianId).HasMaxLength(450).IsRequired();
        builder.Property(c => c.CallSid).HasMaxLength(64);
        builder.Property(c => c.Status).HasMaxLength(32).IsRequired();
        builder.Property(c => c.AnsweredBy).HasMaxLength(32);
        builder.Property(c => c.Error).HasMaxLength(500);
        builder.HasOne<Message>().WithMany().HasForeignKey(c => c.MessageId).OnDelete(DeleteBehavior.Cascade);
        // The message page lists a message's callbacks.
        builder.HasIndex(c => new { c.MessageId, c.RequestedAt });
        builder.Ignore(c => c.IsFinished);
    }
}
