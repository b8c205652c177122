using Escalation.Infrastructure.Answering;
using Escalation.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class PhoneVerificationConfiguration : IEntityTypeConfiguration<PhoneVerification>
{
    public void Configure(EntityTypeBuilder<PhoneVerification> builder)
    {
        builder.ToTable("PhoneVerifications");
        builder.HasKey(v => v.UserId);
        builder.Property(v => v.UserId).HasMaxLength(450);
        builder.Property(v => v.PhoneNumber).HasMaxLength(16).IsRequired();
        builder.Property(v => v.CodeHash).HasMaxLength(64);
        builder.Property(v => v.Salt).HasMaxLength(32).IsRequired();
        builder.HasOne<ApplicationUser>().WithOne().HasForeignKey<PhoneVerification>(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(v => v.TriesLeft);
    }
}
