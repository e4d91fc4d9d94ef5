namespace Erhvervsdialog.Core.Common;

/// <summary>
/// Every row records who created and last changed it. <see cref="Version"/> is the optimistic concurrency token:
/// SQLite has no rowversion, so the context increments it on every update.
/// </summary>
public abstract class AuditedEntity
{
    public DateTime CreatedAt { get; set; }
    public string? CreatedById { get; set; }
    public string? CreatedByName { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedById { get; set; }
    public string? UpdatedByName { get; set; }
    public long Version { get; set; }
}
