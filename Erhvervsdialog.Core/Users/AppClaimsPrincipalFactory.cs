using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.Users;

/// <summary>
/// Adds the user's full name to the sign-in cookie, so pages can greet people by name without a query, and what the
/// user must do before using the app: choose a new password, or enrol in two-factor sign-in where the role requires it.
/// </summary>
public sealed class AppClaimsPrincipalFactory(UserManager<AppUser> userManager, RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options, IOptions<SignInSettings> signIn)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(userManager, roleManager, options)
{
    public const string FullNameClaim = "full_name";

    /// <summary><see cref="PendingPassword"/> or <see cref="PendingTwoFactor"/>; absent when the user may use the app.</summary>
    public const string PendingClaim = "erhvervsdialog_pending";
    public const string PendingPassword = "password";
    public const string PendingTwoFactor = "two-factor";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(FullNameClaim, user.FullName));
        var roles = identity.FindAll(Options.ClaimsIdentity.RoleClaimType).Select(c => c.Value);
        if (user.MustChangePassword && user.PasswordHash is not null)
        {
            identity.AddClaim(new Claim(PendingClaim, PendingPassword));
        }
        else if (user.PasswordHash is not null && !user.TwoFactorEnabled && signIn.Value.RequiresTwoFactor(roles))
        {
            identity.AddClaim(new Claim(PendingClaim, PendingTwoFactor));
        }
        return identity;
    }
}
