using Microsoft.AspNetCore.Identity;

namespace Erhvervsdialog.Core.Users;

public class AppUser : IdentityUser
{
    public string FullName { get; set; } = "";
    /// <summary>A deactivated user cannot sign in, and open sessions end at the next revalidation.</summary>
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
}
