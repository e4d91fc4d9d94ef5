using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.Users;

/// <summary>Single sign-on with OpenID Connect (section <c>Erhvervsdialog:SingleSignOn</c>); off while <see cref="Authority"/> is empty.</summary>
public sealed class SingleSignOnOptions
{
    public const string Section = "Erhvervsdialog:SingleSignOn";
    public const string Scheme = "oidc";

    /// <summary>The identity provider's issuer address, e.g. https://login.microsoftonline.com/{tenant}/v2.0.</summary>
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    /// <summary>From an environment variable or a secret store, never from a file in the repository.</summary>
    public string? ClientSecret { get; set; }
    public string[] Scopes { get; set; } = ["openid", "profile", "email"];
    /// <summary>The claim that carries the user's groups ("groups" in Entra ID and most brokers).</summary>
    public string GroupsClaim { get; set; } = "groups";
    /// <summary>The claim that identifies the user for good; "sub" (Entra ID may use "oid").</summary>
    public string SubjectClaim { get; set; } = "sub";
    public string UserNameClaim { get; set; } = "preferred_username";
    /// <summary>Group (id or name, as the provider sends it) → role. A user gets every role one of their groups maps to.</summary>
    public Dictionary<string, string> RoleMappings { get; set; } = [];
    /// <summary>The sign-in button's text.</summary>
    public string ButtonText { get; set; } = "Log ind med kommunens log-ind";
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

/// <summary>Who signed in at the identity provider, as its ID token says.</summary>
public sealed record ExternalIdentity(string Subject, string? UserName, string? FullName, string? Email, IReadOnlyCollection<string> Groups);

/// <summary>
/// Matches a single sign-on user by the provider's stable subject id. The first sign-in creates the user when a group
/// maps to a role; every sign-in sets the roles from the groups (the provider is the truth for them). A user whose
/// groups map to no role, or who is deactivated here, is refused with a Danish explanation.
/// </summary>
public sealed class SingleSignOnUsers(IServiceScopeFactory scopeFactory, IOptions<SingleSignOnOptions> options, TimeProvider clock)
{
    private static readonly Actor System = new("", "Log-ind-tjenesten", new HashSet<string>());

    public async Task<CommandResult<string>> SignInAsync(ExternalIdentity identity, string? address)
    {
        var roles = identity.Groups.Select(g => options.Value.RoleMappings.GetValueOrDefault(g))
            .Where(r => r is not null && Roles.All.Contains(r)).Select(r => r!).Distinct().Order().ToList();
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<ErhvervsdialogDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var user = await users.FindByLoginAsync(SingleSignOnOptions.Scheme, identity.Subject);
        var subject = user is null ? $"Log-ind-tjenesten: {identity.FullName ?? identity.UserName ?? "ukendt"}" : $"Bruger {user.FullName} ({user.UserName})";
        if (user is { IsActive: false } || roles.Count == 0)
        {
            AuditLog.Add(db, user is null ? System : new Actor(user.Id, user.UserName!, new HashSet<string>()), now, AuditAction.SignInRefused,
                subject, after: $"fra {address ?? "ukendt adresse"}; " + (roles.Count == 0 ? "ingen gruppe giver en rolle" : "deaktiveret"));
            await db.SaveChangesAsync();
            return CommandResult<string>.Invalid(new Dictionary<string, string>
            {
                [""] = user is { IsActive: false } ? Messages.SingleSignOnDeactivated : Messages.SingleSignOnNoRole,
            });
        }
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (user is null)
        {
            user = new AppUser
            {
                UserName = await FreeUserNameAsync(users, identity), FullName = Cut(identity.FullName ?? identity.UserName ?? identity.Email, 200) ?? "Ukendt",
                Email = Validators.IsEmail(identity.Email ?? "") ? identity.Email : null, IsActive = true, CreatedAt = now,
            };
            user.EmailConfirmed = user.Email is not null;
            Check(await users.CreateAsync(user));
            Check(await users.AddLoginAsync(user, new UserLoginInfo(SingleSignOnOptions.Scheme, identity.Subject, "OpenID Connect")));
            Check(await users.AddToRolesAsync(user, roles));
            AuditLog.Add(db, System, now, AuditAction.UserCreated, $"Bruger {user.FullName} ({user.UserName})",
                after: $"ved første log-ind; roller: {string.Join(", ", roles)}");
        }
        else
        {
            var current = (await users.GetRolesAsync(user)).Order().ToList();
            if (!current.SequenceEqual(roles))
            {
                Check(await users.RemoveFromRolesAsync(user, current.Except(roles)));
                Check(await users.AddToRolesAsync(user, roles.Except(current)));
                await users.UpdateSecurityStampAsync(user);
                AuditLog.Add(db, System, now, AuditAction.RolesChanged, subject,
                    $"roller: {string.Join(", ", current)}", $"roller: {string.Join(", ", roles)} (fra grupperne)");
            }
        }
        AuditLog.Add(db, new Actor(user.Id, user.UserName!, new HashSet<string>()), now, AuditAction.SignedIn,
            $"Bruger {user.FullName} ({user.UserName})", after: $"fra {address ?? "ukendt adresse"}; med kommunens log-ind");
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return CommandResult<string>.Ok(user.Id);
    }

    /// <summary>The provider's user name (or e-mail), cut to what Identity accepts and made unique with a number.</summary>
    private static async Task<string> FreeUserNameAsync(UserManager<AppUser> users, ExternalIdentity identity)
    {
        var allowed = users.Options.User.AllowedUserNameCharacters;
        var wanted = new string((identity.UserName ?? identity.Email ?? "sso-" + identity.Subject).Where(allowed.Contains).ToArray());
        wanted = Cut(wanted.Length == 0 ? "sso-bruger" : wanted, 90)!;
        var name = wanted;
        for (var n = 2; await users.FindByNameAsync(name) is not null; n++)
        {
            name = $"{wanted}-{n}";
        }
        return name;
    }

    private static string? Cut(string? text, int max) => text is { Length: > 0 } t ? (t.Length > max ? t[..max] : t) : null;

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
