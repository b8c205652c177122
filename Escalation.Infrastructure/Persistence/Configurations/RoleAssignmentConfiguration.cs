using Escalation.Domain.Roster;
using Escalation.Infrastructure.Identity;
using Escalation.Infrastructure.RosterSync;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class RoleAssignmentConfiguration : IEntityTypeConfiguration<RoleAssignment>
{
    public void Configure(EntityTypeBuilder<RoleAssignment> builder)
    {
        builder.ToTable("RoleAssignments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.UserId).HasMaxLength(450).IsRequired();
        builder.Property(a => a.CreatedBy).HasMaxLength(450).IsRequired();
        builder.HasOne<ClinicalRole>().WithMany().HasForeignKey(a => a.RoleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ScheduleSource>().WithMany().HasForeignKey(a => a.SourceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ScheduleImport>().WithMany().HasForeignKey(a => a.ImportId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.RoleId, a.StartsAt });
        builder.HasIndex(a => new { a.SourceId, a.StartsAt });
    }
}
