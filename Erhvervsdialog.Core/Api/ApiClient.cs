namespace Erhvervsdialog.Core.Api;

/// <summary>A case system allowed to report contacts through the API. Only a hash of its key is stored.</summary>
public class ApiClient
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>The key's public prefix, used to find the client before comparing hashes.</summary>
    public string KeyPrefix { get; set; } = "";
    public byte[] KeyHash { get; set; } = [];
    /// <summary>Whether a contact naming an unknown CVR creates the company instead of being refused.</summary>
    public bool MayCreateCompanies { get; set; }
    /// <summary>The units the key may report contacts for; a post for any other unit is refused.</summary>
    public List<int> UnitIds { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public string CreatedByName { get; set; } = "";
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}
