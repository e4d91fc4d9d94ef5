namespace Erhvervsdialog.Core.Import;

/// <summary>The column mapping last used for a file with these headers, so the next import of the same layout is mapped already.</summary>
public class ImportMapping
{
    public int Id { get; set; }
    /// <summary>The file's header row, normalised (lower case, joined by '|').</summary>
    public string HeaderSignature { get; set; } = "";
    /// <summary>JSON: field name → column index.</summary>
    public string MappingJson { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
}

internal sealed class ImportMappingConfiguration : Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<ImportMapping>
{
    public void Configure(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<ImportMapping> builder)
    {
        builder.Property(m => m.HeaderSignature).HasMaxLength(2000).IsRequired();
        builder.HasIndex(m => m.HeaderSignature).IsUnique();
    }
}
