using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Users;

namespace Erhvervsdialog.Core.Units;

/// <summary>A unit of the municipality that deals with companies: building, environment, jobcenter …</summary>
public class MunicipalUnit : AuditedEntity
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Short name used in lists and by the case systems' API, e.g. "BYG".</summary>
    public string ShortName { get; set; } = "";
    /// <summary>The topics or case types the unit handles, e.g. "byggetilladelse".</summary>
    public List<string> Topics { get; set; } = [];
    public bool IsActive { get; set; } = true;
    public List<UnitMember> Members { get; set; } = [];
}

/// <summary>A user's membership of a unit; a user may belong to several units and manage some of them.</summary>
public class UnitMember
{
    public int UnitId { get; set; }
    public string UserId { get; set; } = "";
    public AppUser? User { get; set; }
    public bool IsManager { get; set; }
}
