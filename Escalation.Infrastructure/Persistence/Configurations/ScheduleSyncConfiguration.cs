using Escalation.Infrastructure.Identity;
using Escalation.Infrastructure.Notices;
using Escalation.Infrastructure.RosterSync;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class ScheduleSourceConfiguration : IEntityTypeConfiguration<ScheduleSource>
{
    public void Configure(EntityTypeBuilder<ScheduleSource> builder)
    {
        builder.ToTable("ScheduleSources");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Name).HasMaxLength(100).IsRequired();
        builder.Property(s => s.Format).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Transport).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Location).HasMaxLength(2000);
        builder.Property(s => s.MappingsJson).IsRequired();
        builder.Property(s => s.CreatedBy).HasMaxLength(450).IsRequired();
        builder.Property(s => s.LastContentHash).HasMaxLength(64);
        builder.Property(s => s.LastError).HasMaxLength(2000);
        builder.Ignore(s => s.Mappings);
        builder.HasOne<Unit>().WithMany().HasForeignKey(s => s.DefaultUnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => s.Name).IsUnique();
    }
}

internal sealed class ScheduleImportConfiguration : IEntityTypeConfiguration<ScheduleImport>
{
    public void Configure(EntityTypeBuilder<ScheduleImport> builder)
    {
        builder.ToTable("ScheduleImports");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.By).HasMaxLength(450).IsRequired();
        builder.Property(i => i.FileName).HasMaxLength(260);
        builder.Property(i => i.ContentHash).HasMaxLength(64).IsRequired();
        builder.Property(i => i.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Ignore(i => i.Lag);
        builder.HasOne<ScheduleSource>().WithMany().HasForeignKey(i => i.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => new { i.SourceId, i.At });
    }
}

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> builder)
    {
        builder.ToTable("Notices");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).ValueGeneratedNever();
        builder.Property(n => n.UserId).HasMaxLength(450).IsRequired();
        builder.Property(n => n.Kind).HasMaxLength(50).IsRequired();
        builder.Property(n => n.Title).HasMaxLength(200).IsRequired();
        builder.Property(n => n.Body).IsRequired();
        builder.Property(n => n.Link).HasMaxLength(500);
        builder.Property(n => n.DedupeKey).HasMaxLength(200).IsRequired();
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => new { n.UserId, n.DedupeKey }).IsUnique();
        builder.HasIndex(n => new { n.UserId, n.CreatedAt });
    }
}
