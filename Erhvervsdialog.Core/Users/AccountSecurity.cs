using System.Text;
using System.Text.RegularExpressions;
using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.Users;

/// <summary>What a user's own account page shows.</summary>
public sealed record AccountState(string FullName, string UserName, bool HasPassword, bool UsesSingleSignOn,
    bool TwoFactorEnabled, bool TwoFactorRequired, int RecoveryCodesLeft, bool MustChangePassword);

/// <summary>The key an authenticator app needs: typed by hand, or as the otpauth:// address inside a QR code.</summary>
public sealed record AuthenticatorSetup(string Key, string Uri);

/// <summary>
/// A user's own sign-in security (password, two-factor with an authenticator app and recovery codes), an
/// administrator's "lost phone" reset, and the audit-log lines for sign-ins. Every change that weakens or replaces a
/// credential renews the security stamp, so the user's other sessions end within the revalidation interval.
/// </summary>
public sealed partial class AccountSecurity(IServiceScopeFactory scopeFactory, IOptions<SignInSettings> options, TimeProvider clock)
{
    public const int RecoveryCodeCount = 10;
    private const string Issuer = "Erhvervsdialog";

    public async Task<AccountState?> GetStateAsync(string userId)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return null;
        }
        var roles = await users.GetRolesAsync(user);
        var external = (await users.GetLoginsAsync(user)).Count > 0;
        return new AccountState(user.FullName, user.UserName!, user.PasswordHash is not null, external, user.TwoFactorEnabled,
            user.PasswordHash is not null && options.Value.RequiresTwoFactor(roles),
            await users.CountRecoveryCodesAsync(user), user.MustChangePassword);
    }

    /// <summary>The user changes their own password; the current one is required. Ends the user's other sessions.</summary>
    public async Task<CommandResult<bool>> ChangePasswordAsync(string userId, string? current, string? next, string? confirm)
    {
        var errors = new Errors();
        if (string.IsNullOrEmpty(current))
        {
            errors.Add("CurrentPassword", Messages.Required);
        }
        PasswordRules.Check(errors, "NewPassword", next);
        if (string.IsNullOrEmpty(confirm))
        {
            errors.Add("ConfirmPassword", Messages.Required);
        }
        else if (next != confirm)
        {
            errors.Add("ConfirmPassword", Messages.PasswordMismatch);
        }
        if (errors.Count == 0 && current == next)
        {
            errors.Add("NewPassword", Messages.PasswordSameAsOld);
        }
        if (errors.Count > 0)
        {
            return CommandResult<bool>.Invalid(errors);
        }
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<ErhvervsdialogDbContext>();
        var user = await users.FindByIdAsync(userId) ?? throw new UnauthorizedAccessException(Messages.Forbidden);
        if (!await users.CheckPasswordAsync(user, current!))
        {
            return CommandResult<bool>.Invalid(new Dictionary<string, string> { ["CurrentPassword"] = Messages.CurrentPasswordWrong });
        }
        await using var transaction = await db.Database.BeginTransactionAsync();
        user.MustChangePassword = false;
        var changed = await users.ChangePasswordAsync(user, current!, next!);
        if (!changed.Succeeded)
        {
            return CommandResult<bool>.Invalid(PasswordRules.ToErrors(changed, "NewPassword"));
        }
        Audit(db, user, AuditAction.PasswordChanged);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return CommandResult<bool>.Ok(true);
    }

    /// <summary>The key to enrol in an authenticator app; made on first call and kept until two-factor is switched on.</summary>
    public async Task<AuthenticatorSetup> GetAuthenticatorSetupAsync(string userId)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId) ?? throw new UnauthorizedAccessException(Messages.Forbidden);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // Not ResetAuthenticatorKeyAsync: it also renews the security stamp, which signed the user out (this session
            // included) a moment after merely opening the enrolment page. A first key replaces nothing, so no session
            // needs ending; switching two-factor on or resetting it still renews the stamp.
            key = users.GenerateNewAuthenticatorKey();
            await ((IUserAuthenticatorKeyStore<AppUser>)scope.ServiceProvider.GetRequiredService<IUserStore<AppUser>>())
                .SetAuthenticatorKeyAsync(user, key, CancellationToken.None);
            await users.UpdateAsync(user);
        }
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(user.UserName!)}" +
            $"?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        return new AuthenticatorSetup(Grouped(key!), uri);
    }

    /// <summary>
    /// Switches two-factor on once the password (again) and the app's code match; returns the ten recovery codes, shown once.
    /// </summary>
    public async Task<CommandResult<IReadOnlyList<string>>> EnableTwoFactorAsync(string userId, string? code, string? currentPassword)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<ErhvervsdialogDbContext>();
        var user = await users.FindByIdAsync(userId) ?? throw new UnauthorizedAccessException(Messages.Forbidden);
        if (await PasswordErrorAsync(users, user, currentPassword) is { } passwordError)
        {
            return CommandResult<IReadOnlyList<string>>.Invalid(passwordError);
        }
        var digits = NotDigit().Replace(code ?? "", "");
        if (digits.Length == 0)
        {
            return CommandResult<IReadOnlyList<string>>.Invalid(new Dictionary<string, string> { ["Code"] = Messages.Required });
        }
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            Audit(db, user, AuditAction.TwoFactorFailed, "ved tilmelding");
            await db.SaveChangesAsync();
            return CommandResult<IReadOnlyList<string>>.Invalid(new Dictionary<string, string> { ["Code"] = Messages.TwoFactorCodeWrong });
        }
        await using var transaction = await db.Database.BeginTransactionAsync();
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.Select(Grouped).ToList();
        Audit(db, user, AuditAction.TwoFactorEnabled);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return CommandResult<IReadOnlyList<string>>.Ok(codes);
    }

    /// <summary>Ten new recovery codes, after the password again (ASVS 7.5.1); the old codes stop working.</summary>
    public async Task<CommandResult<IReadOnlyList<string>>> NewRecoveryCodesAsync(string userId, string? currentPassword)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<ErhvervsdialogDbContext>();
        var user = await users.FindByIdAsync(userId) ?? throw new UnauthorizedAccessException(Messages.Forbidden);
        if (await PasswordErrorAsync(users, user, currentPassword) is { } error)
        {
            return CommandResult<IReadOnlyList<string>>.Invalid(error);
        }
        if (!user.TwoFactorEnabled)
        {
            return CommandResult<IReadOnlyList<string>>.Ok([]);
        }
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.Select(Grouped).ToList();
        Audit(db, user, AuditAction.RecoveryCodesCreated);
        await db.SaveChangesAsync();
        return CommandResult<IReadOnlyList<string>>.Ok(codes);
    }

    /// <summary>The user switches two-factor off, after the password again; refused where the user's role requires it.</summary>
    public async Task<CommandResult<bool>> DisableTwoFactorAsync(string userId, string? currentPassword)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<ErhvervsdialogDbContext>();
        var user = await users.FindByIdAsync(userId) ?? throw new UnauthorizedAccessException(Messages.Forbidden);
        if (await PasswordErrorAsync(users, user, currentPassword) is { } error)
        {
            return CommandResult<bool>.Invalid(error);
        }
        if (options.Value.RequiresTwoFactor(await users.GetRolesAsync(user)))
        {
            return CommandResult<bool>.Invalid(new Dictionary<string, string> { [""] = Messages.TwoFactorRequiredForRole });
        }
        await TurnOffAsync(users, user);
        Audit(db, user, AuditAction.TwoFactorDisabled);
        await db.SaveChangesAsync();
        return CommandResult<bool>.Ok(true);
    }

    /// <summary>"Lost phone": an administrator switches a user's two-factor off and ends their sessions; a role that requires it enrols again at next sign-in.</summary>
    public async Task<CommandResult<bool>> ResetTwoFactorAsync(string userId, Actor actor)
    {
        actor.Demand(Policies.Administer);
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<ErhvervsdialogDbContext>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return CommandResult<bool>.Invalid(new Dictionary<string, string> { [""] = Messages.UserNotFound });
        }
        if (user.PasswordHash is null)
        {
            return CommandResult<bool>.Invalid(new Dictionary<string, string> { [""] = Messages.SingleSignOnUserOnly });
        }
        await TurnOffAsync(users, user);
        AuditLog.Add(db, actor, clock.GetUtcNow().UtcDateTime, AuditAction.TwoFactorReset, Subject(user));
        await db.SaveChangesAsync();
        return CommandResult<bool>.Ok(true);
    }

    /// <summary>An administrator ends every session of a user (a lost laptop, a suspicion): a new security stamp.</summary>
    public async Task<CommandResult<bool>> EndSessionsAsync(string userId, Actor actor)
    {
        actor.Demand(Policies.Administer);
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<ErhvervsdialogDbContext>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return CommandResult<bool>.Invalid(new Dictionary<string, string> { [""] = Messages.UserNotFound });
        }
        await users.UpdateSecurityStampAsync(user);
        AuditLog.Add(db, actor, clock.GetUtcNow().UtcDateTime, AuditAction.SessionsEnded, Subject(user));
        await db.SaveChangesAsync();
        return CommandResult<bool>.Ok(true);
    }

    /// <summary>
    /// An audit-log line for a sign-in event. <paramref name="user"/> is null for an unknown user name, which is not
    /// written down (people sometimes type their password there).
    /// </summary>
    public async Task RecordAsync(AuditAction action, AppUser? user, string? address, string? detail = null)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ErhvervsdialogDbContext>();
        var where = $"fra {address ?? "ukendt adresse"}" + (detail is null ? "" : $"; {detail}");
        if (user is null)
        {
            AuditLog.Add(db, new Actor("", "(ukendt brugernavn)", new HashSet<string>()), clock.GetUtcNow().UtcDateTime, action,
                "Ukendt brugernavn", after: where);
        }
        else
        {
            Audit(db, user, action, where);
        }
        await db.SaveChangesAsync();
    }

    private static async Task<Dictionary<string, string>?> PasswordErrorAsync(UserManager<AppUser> users, AppUser user, string? password) =>
        string.IsNullOrEmpty(password) ? new() { ["CurrentPassword"] = Messages.Required }
        : await users.CheckPasswordAsync(user, password) ? null
        : new() { ["CurrentPassword"] = Messages.CurrentPasswordWrong };

    private static async Task TurnOffAsync(UserManager<AppUser> users, AppUser user)
    {
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        await users.UpdateSecurityStampAsync(user);
    }

    private void Audit(ErhvervsdialogDbContext db, AppUser user, AuditAction action, string? detail = null) =>
        AuditLog.Add(db, new Actor(user.Id, user.UserName!, new HashSet<string>()), clock.GetUtcNow().UtcDateTime, action,
            Subject(user), after: detail);

    private static string Subject(AppUser user) => $"Bruger {user.FullName} ({user.UserName})";

    /// <summary>"ABCD EFGH …" for keys and "xxxxx-xxxxx" for recovery codes, easier to read aloud and type.</summary>
    private static string Grouped(string value)
    {
        if (value.Contains('-') || value.Length <= 10)
        {
            return value.Length == 10 ? $"{value[..5]}-{value[5..]}" : value;
        }
        var result = new StringBuilder();
        for (var i = 0; i < value.Length; i += 4)
        {
            result.Append(value.AsSpan(i, Math.Min(4, value.Length - i))).Append(' ');
        }
        return result.ToString().TrimEnd().ToUpperInvariant();
    }

    [GeneratedRegex(@"\D")]
    private static partial Regex NotDigit();
}
