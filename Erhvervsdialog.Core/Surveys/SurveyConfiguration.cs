using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Erhvervsdialog.Core.Surveys;

internal sealed class SurveyTemplateConfiguration : IEntityTypeConfiguration<SurveyTemplate>
{
    public void Configure(EntityTypeBuilder<SurveyTemplate> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(200).IsRequired();
        builder.HasOne<Units.MunicipalUnit>().WithMany().HasForeignKey(t => t.UnitId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Versions).WithOne().HasForeignKey(v => v.TemplateId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SurveyTemplateVersionConfiguration : IEntityTypeConfiguration<SurveyTemplateVersion>
{
    public void Configure(EntityTypeBuilder<SurveyTemplateVersion> builder)
    {
        builder.HasIndex(v => new { v.TemplateId, v.Number }).IsUnique();
        builder.Property(v => v.CreatedByName).HasMaxLength(256);
        builder.HasMany(v => v.Questions).WithOne().HasForeignKey(q => q.VersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SurveyQuestionConfiguration : IEntityTypeConfiguration<SurveyQuestion>
{
    public void Configure(EntityTypeBuilder<SurveyQuestion> builder) => builder.Property(q => q.Text).HasMaxLength(500).IsRequired();
}

internal sealed class SurveyInvitationConfiguration : IEntityTypeConfiguration<SurveyInvitation>
{
    public void Configure(EntityTypeBuilder<SurveyInvitation> builder)
    {
        // One invitation per contact, enforced by the database.
        builder.HasIndex(i => i.ContactId).IsUnique();
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => new { i.CompanyId, i.CreatedAt });
        builder.HasIndex(i => new { i.Status, i.ExpiresAt });
        // Covering for the response rate per unit over a period (Sammenligning).
        builder.HasIndex(i => new { i.SentAt, i.UnitId, i.ContactId, i.AnsweredAt });
        builder.Property(i => i.Recipient).HasMaxLength(254);
        builder.HasOne(i => i.Contact).WithMany().HasForeignKey(i => i.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SurveyTemplateVersion>().WithMany().HasForeignKey(i => i.TemplateVersionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(i => i.Messages).WithOne().HasForeignKey(m => m.SurveyInvitationId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class SurveyResponseConfiguration : IEntityTypeConfiguration<SurveyResponse>
{
    public void Configure(EntityTypeBuilder<SurveyResponse> builder)
    {
        // One answer per invitation.
        builder.HasIndex(r => r.InvitationId).IsUnique();
        builder.HasIndex(r => new { r.UnitId, r.SubmittedAt });
        // Covering for satisfaction per unit and topic over a period (Sammenligning, Målinger).
        builder.HasIndex(r => new { r.SubmittedAt, r.UnitId, r.Topic, r.Satisfaction });
        builder.HasIndex(r => new { r.CompanyId, r.SubmittedAt });
        builder.Property(r => r.Topic).HasMaxLength(100);
        builder.Property(r => r.SubmittedBy).HasMaxLength(256);
        builder.Property(r => r.Comment).HasMaxLength(AnswerSurvey.MaxTextLength);
        builder.HasOne(r => r.Invitation).WithMany().HasForeignKey(r => r.InvitationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Answers).WithOne().HasForeignKey(a => a.ResponseId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SurveyAnswerConfiguration : IEntityTypeConfiguration<SurveyAnswer>
{
    public void Configure(EntityTypeBuilder<SurveyAnswer> builder) => builder.Property(a => a.Text).HasMaxLength(AnswerSurvey.MaxTextLength);
}
