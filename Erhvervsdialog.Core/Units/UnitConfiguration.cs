using Erhvervsdialog.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Erhvervsdialog.Core.Units;

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
