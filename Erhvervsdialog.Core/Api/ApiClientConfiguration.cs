using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Erhvervsdialog.Core.Api;

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
