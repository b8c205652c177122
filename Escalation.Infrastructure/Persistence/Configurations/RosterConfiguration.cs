using Escalation.Domain.Roster;
using Escalation.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class RotationConfiguration : IEntityTypeConfiguration<Rotation>
{
    public void Configure(EntityTypeBuilder<Rotation> builder)
    {
        builder.ToTable("Rotations");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Name).HasMaxLength(200).IsRequired();
        builder.Property<string>("_participants").HasColumnName("Participants").IsRequired();
        builder.Ignore(r => r.Participants);
        builder.Property(r => r.CreatedBy).HasMaxLength(450).IsRequired();
        builder.HasOne<ClinicalRole>().WithMany().HasForeignKey(r => r.RoleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.RoleId, r.EffectiveFrom });
        builder.HasIndex(r => r.FamilyId);
    }
}

internal sealed class RosterOverrideConfiguration : IEntityTypeConfiguration<RosterOverride>
{
    public void Configure(EntityTypeBuilder<RosterOverride> builder)
    {
        builder.ToTable("RosterOverrides");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.UserId).HasMaxLength(450).IsRequired();
        builder.Property(o => o.ReplacedUserId).HasMaxLength(450);
        builder.Property(o => o.Reason).HasMaxLength(500).IsRequired();
        builder.Property(o => o.CreatedBy).HasMaxLength(450).IsRequired();
        builder.HasOne<ClinicalRole>().WithMany().HasForeignKey(o => o.RoleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(o => o.ReplacedUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(o => new { o.RoleId, o.EndsAt });
    }
}

internal sealed class BackupContactConfiguration : IEntityTypeConfiguration<BackupContact>
{
    public void Configure(EntityTypeBuilder<BackupContact> builder)
    {
        builder.ToTable("BackupContacts");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.UserId).HasMaxLength(450).IsRequired();
        builder.Property(b => b.CreatedBy).HasMaxLength(450).IsRequired();
        builder.HasOne<ClinicalRole>().WithMany().HasForeignKey(b => b.RoleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(b => b.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(b => b.RoleId);
    }
}
