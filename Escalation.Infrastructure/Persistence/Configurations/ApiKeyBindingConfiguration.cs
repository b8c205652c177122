using Escalation.Infrastructure.Integrations;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class ApiKeyBindingConfiguration : IEntityTypeConfiguration<ApiKeyBinding>
{
    public void Configure(EntityTypeBuilder<ApiKeyBinding> builder)
    {
        builder.ToTable("ApiKeyBindings");
        builder.HasKey(b => new { b.ApiKeyId, b.Kind, b.Target });
        builder.Property(b => b.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(b => b.Target).HasMaxLength(100).IsRequired();
    }
}
