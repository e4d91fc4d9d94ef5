using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Erhvervsdialog.Core.Meetings;

internal sealed class DialogueMeetingConfiguration : IEntityTypeConfiguration<DialogueMeeting>
{
    public void Configure(EntityTypeBuilder<DialogueMeeting> builder)
    {
        builder.Property(m => m.Place).HasMaxLength(300);
        builder.Property(m => m.OnlineLink).HasMaxLength(500);
        builder.Property(m => m.Purpose).HasMaxLength(4000);
        builder.Property(m => m.Summary).HasMaxLength(8000);
        builder.Property(m => m.Decisions).HasMaxLength(8000);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasIndex(m => m.StartsAt);
        builder.HasIndex(m => new { m.CompanyId, m.StartsAt });
        builder.HasOne(m => m.Company).WithMany().HasForeignKey(m => m.CompanyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(m => m.Messages).WithOne().HasForeignKey(msg => msg.MeetingId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(m => m.Participants).WithOne().HasForeignKey(p => p.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MeetingParticipantConfiguration : IEntityTypeConfiguration<MeetingParticipant>
{
    public void Configure(EntityTypeBuilder<MeetingParticipant> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(200).IsRequired();
        builder.Property(p => p.Email).HasMaxLength(254);
        builder.HasOne<Users.AppUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Companies.ContactPerson>().WithMany().HasForeignKey(p => p.ContactPersonId).OnDelete(DeleteBehavior.SetNull);
    }
}
