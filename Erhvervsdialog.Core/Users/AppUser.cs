using Microsoft.AspNetCore.Identity;

namespace Erhvervsdialog.Core.Users;

public class AppUser : IdentityUser
{
    public string FullName { get; set; } = "";
    /// <summary>A deactivated user cannot sign in, and open sessions end at the next revalidation.</summary>
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    /// <summary>SHA-256 of the secret in the user's calendar-feed address; null when the user has none (or revoked it).</summary>
    public string? CalendarFeedHash { get; set; }
    /// <summary>Set when an administrator sets the password: the user must choose a new one before anything else.</summary>
    public bool MustChangePassword { get; set; }
    /// <summary>The Danish day of the user's last morning digest; the digest job claims the day by a conditional update.</summary>
    public DateOnly? DigestSentOn { get; set; }
}
