using Escalation.Infrastructure.Integrations;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("ApiKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.Name).HasMaxLength(100).IsRequired();
        builder.Property(k => k.SourceName).HasMaxLength(100).IsRequired();
        builder.Property(k => k.Prefix).HasMaxLength(8).IsRequired();
        builder.Property(k => k.Hash).HasMaxLength(64).IsRequired();
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.Property(k => k.CreatedBy).HasMaxLength(450).IsRequired();
        builder.Property(k => k.RevokedBy).HasMaxLength(450);
        builder.Ignore(k => k.IsActive);
        builder.Ignore(k => k.Binding);
        builder.HasMany(k => k.Bindings).WithOne().HasForeignKey(b => b.ApiKeyId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(k => k.Bindings).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
