using System.Text.Json;
using Escalation.Domain.Ladders;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class LadderConfiguration : IEntityTypeConfiguration<Ladder>
{
    public void Configure(EntityTypeBuilder<Ladder> builder)
    {
        builder.ToTable("Ladders");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.Name).HasMaxLength(100).IsRequired();
        builder.Property(l => l.ChangedBy).HasMaxLength(450).IsRequired();
        builder.Property(l => l.ChangeNote).HasMaxLength(1000).IsRequired();
        builder.HasIndex(l => new { l.FamilyId, l.Version }).IsUnique();
        builder.HasIndex(l => new { l.FamilyId, l.IsCurrent });

        // A version never changes once written, so its layers are one JSON document rather than rows to join.
        builder.Property(l => l.Layers)
            .HasColumnName("LayersJson")
            .IsRequired()
            .HasConversion(
                layers => JsonSerializer.Serialize(layers.Select(LayerJson.From).ToList(), LayerJson.Options),
                json => JsonSerializer.Deserialize<List<LayerJson>>(json, LayerJson.Options)!.Select(l => l.ToLayer()).ToList(),
                new ValueComparer<IReadOnlyList<Layer>>(
                    (a, b) => a!.SequenceEqual(b!),
                    layers => layers.Aggregate(0, (hash, layer) => HashCode.Combine(hash, layer.GetHashCode())),
                    layers => layers.ToList()));
    }

    private sealed record LayerJson(List<ClinicalRoleKind> Roles, int TimeoutSeconds, Channels Channels)
    {
        public static readonly JsonSerializerOptions Options = new()
        {
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        };

        public static LayerJson From(Layer layer) => new(layer.Roles.ToList(), (int)layer.Timeout.TotalSeconds, layer.Channels);

        public Layer ToLayer() => new(Roles, TimeSpan.FromSeconds(TimeoutSeconds), Channels);
    }
}
