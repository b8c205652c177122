using Escalation.Infrastructure.Fhir.Routing;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class FhirRoutingRuleConfiguration : IEntityTypeConfiguration<FhirRoutingRule>
{
    public void Configure(EntityTypeBuilder<FhirRoutingRule> builder)
    {
        builder.ToTable("FhirRoutingRules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.SourceName).HasMaxLength(100).IsRequired();
        builder.Property(r => r.ResourceType).HasMaxLength(20).IsRequired();
        builder.Property(r => r.MatchBy).HasConversion<string>().HasMaxLength(20).IsRequired();
        builder.Property(r => r.Value).HasMaxLength(FhirRoutingRule.MaxValueLength).IsRequired();
        builder.Property(r => r.UpdatedBy).HasMaxLength(450).IsRequired();
        builder.HasIndex(r => new { r.SourceName, r.ResourceType, r.MatchBy, r.Value }).IsUnique();
    }
}
