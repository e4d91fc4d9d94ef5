using Erhvervsdialog.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Users;

/// <summary>
/// Identity's user store, with two-factor recovery codes kept as password hashes (PBKDF2 with a random salt) instead of
/// plain text (OWASP ASVS 6.5.2): a copy of the database does not give away a way past the second factor.
/// </summary>
public sealed class HashedRecoveryCodesUserStore(ErhvervsdialogDbContext context, IPasswordHasher<AppUser> hasher,
    IdentityErrorDescriber? describer = null) : UserStore<AppUser, IdentityRole, ErhvervsdialogDbContext, string>(context, describer)
{
    // Where UserStoreBase keeps the codes.
    internal const string Provider = "[AspNetUserStore]";
    internal const string TokenName = "RecoveryCodes";

    public override Task ReplaceCodesAsync(AppUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken = default) =>
        base.ReplaceCodesAsync(user, recoveryCodes.Select(code => hasher.HashPassword(user, code)), cancellationToken);

    public override async Task<bool> RedeemCodeAsync(AppUser user, string code, CancellationToken cancellationToken = default)
    {
        var hashes = (await GetTokenAsync(user, Provider, TokenName, cancellationToken) ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries);
        var match = hashes.FirstOrDefault(hash => hasher.VerifyHashedPassword(user, hash, code) != PasswordVerificationResult.Failed);
        if (match is null)
        {
            return false;
        }
        await base.ReplaceCodesAsync(user, hashes.Where(hash => hash != match), cancellationToken);
        return true;
    }
}
