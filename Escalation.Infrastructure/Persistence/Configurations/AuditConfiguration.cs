using Escalation.Domain.Audit;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.HasIndex(e => e.Sequence).IsUnique();
        builder.Property(e => e.Actor).HasMaxLength(450).IsRequired();
        builder.Property(e => e.Kind).HasMaxLength(64).IsRequired();
        builder.Property(e => e.Channel).HasMaxLength(16);
        builder.Property(e => e.PreviousHash).HasMaxLength(64);
        builder.Property(e => e.Hash).HasMaxLength(64);
        builder.Ignore(e => e.At);
        builder.Ignore(e => e.IsChained);
        builder.HasIndex(e => new { e.MessageId, e.Id });
    }
}

internal sealed class AuditHeadConfiguration : IEntityTypeConfiguration<AuditHead>
{
    public void Configure(EntityTypeBuilder<AuditHead> builder)
    {
        builder.ToTable("AuditHead");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.LastHash).HasMaxLength(64).IsRequired();
        builder.HasData(new AuditHead());
    }
}

internal sealed class EngineCounterConfiguration : IEntityTypeConfiguration<Escalation.Infrastructure.Engine.EngineCounter>
{
    public void Configure(EntityTypeBuilder<Escalation.Infrastructure.Engine.EngineCounter> builder)
    {
        builder.ToTable("EngineCounters");
        builder.HasKey(c => c.Name);
        builder.Property(c => c.Name).HasMaxLength(64);
        // Counters exist from the start, so nodes only ever increment them (no insert race).
        builder.HasData(new Escalation.Infrastructure.Engine.EngineCounter { Name = Escalation.Infrastructure.Engine.EngineCounter.AuditorFired, Value = 0 });
    }
}
