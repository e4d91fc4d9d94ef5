using Microsoft.AspNetCore.Identity;

namespace Erhvervsdialog.Core.Users;

/// <summary>
/// Identity's authenticator (TOTP) check, with each code accepted once (OWASP ASVS 6.5.1): the last accepted code is
/// kept with the user, and the same code is refused while it could still be valid.
/// </summary>
public sealed class OnceOnlyAuthenticatorTokenProvider(TimeProvider clock) : AuthenticatorTokenProvider<AppUser>
{
    public const string Name = "OnceOnlyAuthenticator";
    private const string Store = "[Erhvervsdialog]";
    private const string LastCode = "LastAuthenticatorCode";
    // Identity accepts a code from the step before and after the current one: 3 × 30 seconds, and a margin.
    private static readonly TimeSpan Reusable = TimeSpan.FromMinutes(2);

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        if (!await base.ValidateAsync(purpose, token, manager, user))
        {
            return false;
        }
        var now = clock.GetUtcNow();
        var last = await manager.GetAuthenticationTokenAsync(user, Store, LastCode);
        if (last?.Split('@') is [var code, var at] && code == token
            && DateTimeOffset.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var usedAt)
            && now - usedAt < Reusable)
        {
            return false;
        }
        await manager.SetAuthenticationTokenAsync(user, Store, LastCode, $"{token}@{now.ToString("O", System.Globalization.CultureInfo.InvariantCulture)}");
        return true;
    }
}
