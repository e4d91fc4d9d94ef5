using Erhvervsdialog.Core.Api;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Units;
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
        builder.HasIndex(c => c.OccurredAt);
        builder.HasIndex(c => c.CaseWorkerId);
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

internal sealed class MunicipalUnitConfiguration : IEntityTypeConfiguration<MunicipalUnit>
{
    public void Configure(EntityTypeBuilder<MunicipalUnit> builder)
    {
        builder.Property(u => u.Name).HasMaxLength(200).IsRequired().UseCollation(DanishCollation.Name);
        builder.Property(u => u.ShortName).HasMaxLength(20).IsRequired();
        builder.HasIndex(u => u.ShortName).IsUnique();
        builder.Property(u => u.Version).IsConcurrencyToken();
        builder.HasMany(u => u.Members).WithOne().HasForeignKey(m => m.UnitId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UnitMemberConfiguration : IEntityTypeConfiguration<UnitMember>
{
    public void Configure(EntityTypeBuilder<UnitMember> builder)
    {
        builder.HasKey(m => new { m.UnitId, m.UserId });
        builder.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(200).IsRequired();
        builder.Property(c => c.KeyPrefix).HasMaxLength(20).IsRequired();
        builder.HasIndex(c => c.KeyPrefix).IsUnique();
        builder.Property(c => c.CreatedByName).HasMaxLength(256);
    }
}
