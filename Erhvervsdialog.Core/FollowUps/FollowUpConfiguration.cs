using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Erhvervsdialog.Core.FollowUps;

internal sealed class FollowUpConfiguration : IEntityTypeConfiguration<FollowUp>
{
    public void Configure(EntityTypeBuilder<FollowUp> builder)
    {
        builder.Property(f => f.Title).HasMaxLength(300).IsRequired();
        builder.Property(f => f.Description).HasMaxLength(4000);
        builder.Property(f => f.ClosingNote).HasMaxLength(4000);
        builder.Property(f => f.Version).IsConcurrencyToken();
        builder.HasIndex(f => new { f.Status, f.DueAt });
        builder.HasIndex(f => f.OwnerId);
        builder.HasOne(f => f.SurveyResponse).WithMany().HasForeignKey(f => f.SurveyResponseId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Companies.Company>().WithMany().HasForeignKey(f => f.CompanyId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Units.MunicipalUnit>().WithMany().HasForeignKey(f => f.UnitId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Users.AppUser>().WithMany().HasForeignKey(f => f.OwnerId).OnDelete(DeleteBehavior.SetNull);
        // Cancelling or even deleting a meeting keeps what was promised in it.
        builder.HasOne<Meetings.DialogueMeeting>().WithMany().HasForeignKey(f => f.MeetingId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(f => f.Messages).WithOne().HasForeignKey(m => m.FollowUpId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(f => f.Comments).WithOne().HasForeignKey(c => c.FollowUpId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FollowUpCommentConfiguration : IEntityTypeConfiguration<FollowUpComment>
{
    public void Configure(EntityTypeBuilder<FollowUpComment> builder)
    {
        builder.Property(c => c.Text).HasMaxLength(4000).IsRequired();
        builder.Property(c => c.AuthorName).HasMaxLength(200);
    }
}
