using Escalation.Domain.Ladders;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class TierPolicyConfiguration : IEntityTypeConfiguration<TierPolicy>
{
    public void Configure(EntityTypeBuilder<TierPolicy> builder)
    {
        builder.ToTable("TierPolicies");
        builder.HasKey(t => t.Tier);
        builder.Property(t => t.Tier).HasConversion<string>().HasMaxLength(16);
        builder.Property(t => t.UpdatedBy).HasMaxLength(450).IsRequired();
        builder.Ignore(t => t.AckWindows);
    }
}
