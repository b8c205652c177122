using Escalation.Domain.LabResults;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class SiteLabPolicyConfiguration : IEntityTypeConfiguration<SiteLabPolicy>
{
    public void Configure(EntityTypeBuilder<SiteLabPolicy> builder)
    {
        builder.ToTable("LabPolicy");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Precedence).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Revision).IsConcurrencyToken();
        builder.Property(p => p.UpdatedBy).HasMaxLength(450);
    }
}
