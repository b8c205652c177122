using Escalation.Infrastructure.Answering;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class PracticeSettingsConfiguration : IEntityTypeConfiguration<PracticeSettings>
{
    public void Configure(EntityTypeBuilder<PracticeSettings> builder)
    {
        builder.ToTable("PracticeSettings");
        builder.HasKey(p => p.UnitId);
        builder.Property(p => p.UnitId).ValueGeneratedNever();
        builder.Property(p => p.CallerIdNumber).HasMaxLength(16);
        builder.Property(p => p.UpdatedBy).HasMaxLength(450).IsRequired();
        builder.HasOne<Unit>().WithOne().HasForeignKey<PracticeSettings>(p => p.UnitId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(p => p.Hours);
    }
}
