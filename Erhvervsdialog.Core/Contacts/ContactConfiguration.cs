using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Erhvervsdialog.Core.Contacts;

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.Property(c => c.Topic).HasMaxLength(100);
        builder.Property(c => c.CaseReference).HasMaxLength(100);
        builder.Property(c => c.Summary).HasMaxLength(4000);
        builder.Property(c => c.ExternalId).HasMaxLength(100);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne(c => c.Company).WithMany().HasForeignKey(c => c.CompanyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.ContactPerson).WithMany().HasForeignKey(c => c.ContactPersonId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(c => c.Unit).WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.CaseWorker).WithMany().HasForeignKey(c => c.CaseWorkerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(c => c.ApiClient).WithMany().HasForeignKey(c => c.ApiClientId).OnDelete(DeleteBehavior.Restrict);
        // A case system's own id identifies its contact: posting it again updates, never duplicates.
        builder.HasIndex(c => new { c.ApiClientId, c.ExternalId }).IsUnique();
        builder.HasIndex(c => new { c.CompanyId, c.OccurredAt });
        builder.HasIndex(c => new { c.UnitId, c.OccurredAt });
        // Covering for the comparison's and the start page's counts per unit and topic over a period.
        builder.HasIndex(c => new { c.OccurredAt, c.UnitId, c.Topic });
        builder.HasIndex(c => c.CaseWorkerId);
        // Handling times by decision day (Sammenligning, the service report), read from the index alone.
        builder.HasIndex(c => new { c.CaseDecidedOn, c.CaseReceivedOn, c.UnitId, c.Topic });
    }
}

internal sealed class CompanyNoteConfiguration : IEntityTypeConfiguration<CompanyNote>
{
    public void Configure(EntityTypeBuilder<CompanyNote> builder)
    {
        builder.Property(n => n.Text).HasMaxLength(4000).IsRequired();
        builder.Property(n => n.CreatedByName).HasMaxLength(256);
        builder.HasOne<Companies.Company>().WithMany().HasForeignKey(n => n.CompanyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => new { n.CompanyId, n.CreatedAt });
    }
}
