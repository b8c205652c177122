using Escalation.Infrastructure.Paging;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class TelephonyPageConfiguration : IEntityTypeConfiguration<TelephonyPage>
{
    public void Configure(EntityTypeBuilder<TelephonyPage> builder)
    {
        builder.ToTable("TelephonyPages");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.RecipientId).HasMaxLength(450).IsRequired();
        builder.Property(p => p.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.ToNumber).HasMaxLength(20).IsRequired();
        builder.Property(p => p.Sid).HasMaxLength(64);
        builder.Property(p => p.Status).HasMaxLength(32);
        builder.Property(p => p.AnsweredBy).HasMaxLength(32);
        builder.Property(p => p.Digits).HasMaxLength(16);
        builder.Property(p => p.Error).HasMaxLength(500);
        builder.Ignore(p => p.IsFinal);
        builder.HasIndex(p => new { p.DeliveryId, p.Attempt }).IsUnique();
        builder.HasIndex(p => new { p.Outcome, p.DueAt });
        builder.HasIndex(p => p.MessageId);
    }
}

internal sealed class TelephonyCallbackConfiguration : IEntityTypeConfiguration<TelephonyCallback>
{
    public void Configure(EntityTypeBuilder<TelephonyCallback> builder)
    {
        builder.ToTable("TelephonyCallbacks");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Kind).HasMaxLength(16).IsRequired();
        builder.Property(c => c.Status).HasMaxLength(32);
        builder.Property(c => c.AnsweredBy).HasMaxLength(32);
        builder.Property(c => c.Digits).HasMaxLength(16);
        builder.Property(c => c.ErrorCode).HasMaxLength(16);
        builder.HasIndex(c => new { c.PageId, c.ReceivedAt });
    }
}

internal sealed class SmsOptOutConfiguration : IEntityTypeConfiguration<SmsOptOut>
{
    public void Configure(EntityTypeBuilder<SmsOptOut> builder)
    {
        builder.ToTable("SmsOptOuts");
        builder.HasKey(o => o.PhoneNumber);
        builder.Property(o => o.PhoneNumber).HasMaxLength(20);
    }
}
