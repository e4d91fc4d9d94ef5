namespace Erhvervsdialog.Core.Auditing;

public enum AccessAction
{
    Read = 0,
    Search = 1,
    Create = 2,
    Update = 3,
    Delete = 4,
    Export = 5,
}

/// <summary>One access to personal data, as Datatilsynet expects public authorities to log it.</summary>
public class AccessLogEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string UserId { get; set; } = "";
    public string UserName { get; set; } = "";
    public AccessAction Action { get; set; }
    public string EntityType { get; set; } = "";
    public string? EntityId { get; set; }
    /// <summary>A search term, or which fields changed.</summary>
    public string? Detail { get; set; }
}
