using Escalation.Infrastructure.Compliance;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Escalation.Infrastructure.Persistence.Configurations;

internal sealed class NearMissReviewConfiguration : IEntityTypeConfiguration<NearMissReview>
{
    public void Configure(EntityTypeBuilder<NearMissReview> builder)
    {
        builder.ToTable("NearMissReviews");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Findings).HasMaxLength(4000);
        builder.Property(r => r.ClosedBy).HasMaxLength(450);
        builder.HasOne<Message>().WithMany().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.MessageId).IsUnique();
        builder.HasIndex(r => new { r.ClosedAt, r.DueAt });
    }
}
