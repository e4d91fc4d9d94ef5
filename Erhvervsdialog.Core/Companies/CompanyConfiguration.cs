using Erhvervsdialog.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Erhvervsdialog.Core.Companies;

internal sealed class CompanyConfiguration : IEntityTypeConfiguration<Company>
{
    public void Configure(EntityTypeBuilder<Company> builder)
    {
        builder.Property(c => c.Cvr).HasMaxLength(8).IsRequired();
        builder.HasIndex(c => c.Cvr).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(300).IsRequired();
        builder.HasIndex(c => new { c.NameSortKey, c.Id });
        builder.HasIndex(c => c.ArchivedAt);
        // A search that matches thousands of companies looks each one up by id for the archive filter, the count and
        // the sort; this narrow covering index answers that without reading the wide rows (halves the time).
        builder.HasIndex(c => new { c.Id, c.ArchivedAt, c.NameSortKey }).HasDatabaseName("IX_Companies_SearchCover");
        builder.Property(c => c.Address).HasMaxLength(300);
        builder.Property(c => c.PostalCode).HasMaxLength(4);
        builder.HasIndex(c => c.PostalCode);
        builder.Property(c => c.City).HasMaxLength(100);
        builder.Property(c => c.IndustryCode).HasMaxLength(6);
        builder.Property(c => c.IndustryText).HasMaxLength(300);
        builder.Property(c => c.Phone).HasMaxLength(20);
        builder.Property(c => c.Email).HasMaxLength(254);
        builder.Property(c => c.Website).HasMaxLength(300);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne(c => c.KeyAccountConsultant).WithMany().HasForeignKey(c => c.KeyAccountConsultantId)
            .OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(c => c.ProductionUnits).WithOne().HasForeignKey(p => p.CompanyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.ContactPersons).WithOne(p => p.Company).HasForeignKey(p => p.CompanyId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProductionUnitConfiguration : IEntityTypeConfiguration<ProductionUnit>
{
    public void Configure(EntityTypeBuilder<ProductionUnit> builder)
    {
        builder.Property(p => p.PNumber).HasMaxLength(10).IsRequired();
        builder.HasIndex(p => p.PNumber).IsUnique();
        builder.Property(p => p.Name).HasMaxLength(300);
        builder.Property(p => p.Address).HasMaxLength(300);
    }
}

internal sealed class ContactPersonConfiguration : IEntityTypeConfiguration<ContactPerson>
{
    public void Configure(EntityTypeBuilder<ContactPerson> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(200).IsRequired().UseCollation(DanishCollation.Name);
        builder.Property(p => p.Title).HasMaxLength(200);
        builder.Property(p => p.Email).HasMaxLength(254);
        builder.Property(p => p.Mobile).HasMaxLength(20);
        builder.Property(p => p.Version).IsConcurrencyToken();
    }
}
