using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Core.Users;

public sealed record SaveUserCommand
{
    /// <summary>Null creates a new user.</summary>
    public string? Id { get; init; }
    public string? ConcurrencyStamp { get; init; }
    public string? UserName { get; init; }
    public string? FullName { get; init; }
    public string? Email { get; init; }
    /// <summary>Required for a new user; for an existing user, a new password or null to keep the old one.</summary>
    public string? Password { get; init; }
    public bool IsActive { get; init; } = true;
    public IReadOnlyCollection<string> Roles { get; init; } = [];
}

public sealed record UserRow(string Id, string UserName, string FullName, string? Email, bool IsActive,
    IReadOnlyList<string> Roles, string? ConcurrencyStamp)
{
    public bool TwoFactorEnabled { get; init; }
    /// <summary>Signs in with the municipality's identity provider only (no password here).</summary>
    public bool SingleSignOnOnly { get; init; }
}

/// <summary>
/// User administration for Administrators, and the first-run page's one call. A change of roles or deactivation renews
/// the security stamp, so open sessions lose their old rights at the next revalidation (within a minute).
/// </summary>
public sealed class SaveUser(IServiceScopeFactory scopeFactory, FirstRunCode firstRunCode, TimeProvider clock)
{
    private static readonly SemaphoreSlim FirstRunLock = new(1, 1);

    public async Task<CommandResult<string>> HandleAsync(SaveUserCommand command, Actor actor)
    {
        actor.Demand(Policies.Administer);
        return await SaveAsync(command, actor);
    }

    /// <summary>Creates the first Administrator, given the setup code (<see cref="FirstRunCode"/>); refused once any user exists.</summary>
    public async Task<CommandResult<string>> CreateFirstAdministratorAsync(SaveUserCommand command, string? setupCode)
    {
        await FirstRunLock.WaitAsync();
        try
        {
            if (await AnyUserAsync())
            {
                return CommandResult<string>.Invalid(new Dictionary<string, string> { [""] = Messages.FirstRunDone });
            }
            if (!firstRunCode.Matches(setupCode))
            {
                return CommandResult<string>.Invalid(new Dictionary<string, string> { ["SetupCode"] = Messages.SetupCodeWrong });
            }
            var result = await SaveAsync(command with { Id = null, IsActive = true, Roles = [Roles.Administrator] }, actor: null);
            if (result.Succeeded)
            {
                firstRunCode.Spend();
            }
            return result;
        }
        finally
        {
            FirstRunLock.Release();
        }
    }

    /// <summary>For the demo seed, which runs before anyone has signed in.</summary>
    internal Task<CommandResult<string>> SeedAsync(SaveUserCommand command) => SaveAsync(command, actor: null);

    public async Task<bool> AnyUserAsync()
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ErhvervsdialogDbContext>();
        return await db.Users.AnyAsync();
    }

    private async Task<CommandResult<string>> SaveAsync(SaveUserCommand command, Actor? actor)
    {
        var errors = new Errors();
        var userName = errors.Text(nameof(command.UserName), command.UserName, 100, required: true);
        var fullName = errors.Text(nameof(command.FullName), command.FullName, 200, required: true);
        var email = errors.Text(nameof(command.Email), command.Email, 254);
        if (email is not null && !Validators.IsEmail(email))
        {
            errors.Add(nameof(command.Email), Messages.EmailInvalid);
        }
        if (command.Id is null || !string.IsNullOrEmpty(command.Password))
        {
            PasswordRules.Check(errors, nameof(command.Password), command.Password);
        }
        if (command.Roles.Count == 0)
        {
            errors.Add(nameof(command.Roles), Messages.RoleRequired);
        }
        foreach (var role in command.Roles.Where(r => !Roles.All.Contains(r)))
        {
            errors.Add(nameof(command.Roles), string.Format(Messages.RoleUnknown, role));
        }
        if (actor is not null && command.Id == actor.UserId && !command.IsActive)
        {
            errors.Add(nameof(command.IsActive), Messages.CannotDeactivateSelf);
        }
        if (errors.Count > 0)
        {
            return CommandResult<string>.Invalid(errors);
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<ErhvervsdialogDbContext>();
        var byName = await users.FindByNameAsync(userName!);
        if (byName is not null && byName.Id != command.Id)
        {
            errors.Add(nameof(command.UserName), Messages.UserNameTaken);
        }
        if (email is not null && await users.FindByEmailAsync(email) is { } byEmail && byEmail.Id != command.Id)
        {
            errors.Add(nameof(command.Email), Messages.EmailTaken);
        }
        if (errors.Count > 0)
        {
            return CommandResult<string>.Invalid(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        AppUser user;
        (bool IsActive, IReadOnlyList<string> Roles, string Name)? before = null;
        if (command.Id is null)
        {
            user = new AppUser
            {
                UserName = userName, FullName = fullName!, Email = email, EmailConfirmed = email is not null,
                IsActive = true, CreatedAt = clock.GetUtcNow().UtcDateTime,
                // An administrator chose this password: the user replaces it at the first sign-in (AccountGate).
                MustChangePassword = actor is not null,
            };
            var created = await users.CreateAsync(user, command.Password!);
            if (!created.Succeeded)
            {
                return CommandResult<string>.Invalid(ToErrors(created));
            }
        }
        else
        {
            var found = await users.FindByIdAsync(command.Id);
            if (found is null)
            {
                return CommandResult<string>.Invalid(new Dictionary<string, string> { [""] = Messages.UserNotFound });
            }
            user = found;
            if (command.ConcurrencyStamp is not null && command.ConcurrencyStamp != user.ConcurrencyStamp)
            {
                return CommandResult<string>.Invalid(new Dictionary<string, string> { [""] = Messages.UserConflict });
            }
            var current = await users.GetRolesAsync(user);
            before = (user.IsActive, current.Order().ToList(), $"{user.FullName} ({user.UserName}, {user.Email ?? "ingen e-mail"})");
            var wasAdmin = user.IsActive && current.Contains(Roles.Administrator);
            var staysAdmin = command.IsActive && command.Roles.Contains(Roles.Administrator);
            if (wasAdmin && !staysAdmin && !await OtherActiveAdministratorExistsAsync(db, user.Id))
            {
                return CommandResult<string>.Invalid(new Dictionary<string, string> { [nameof(command.Roles)] = Messages.LastAdministrator });
            }
            var rightsChanged = user.IsActive != command.IsActive || !current.Order().SequenceEqual(command.Roles.Order());
            user.UserName = userName;
            user.FullName = fullName!;
            user.Email = email;
            user.EmailConfirmed = email is not null;
            user.IsActive = command.IsActive;
            // A deactivated user is also locked out, so the password sign-in refuses them like any locked account.
            user.LockoutEnd = command.IsActive ? null : DateTimeOffset.MaxValue;
            var updated = await users.UpdateAsync(user);
            if (!updated.Succeeded)
            {
                return CommandResult<string>.Invalid(ToErrors(updated));
            }
            if (!string.IsNullOrEmpty(command.Password))
            {
                var token = await users.GeneratePasswordResetTokenAsync(user);
                var reset = await users.ResetPasswordAsync(user, token, command.Password);
                if (!reset.Succeeded)
                {
                    return CommandResult<string>.Invalid(ToErrors(reset));
                }
                // The administrator knows this password: the user chooses their own at next sign-in (AccountGate).
                user.MustChangePassword = true;
                await users.UpdateAsync(user);
            }
            if (rightsChanged)
            {
                await users.UpdateSecurityStampAsync(user);
            }
            await users.RemoveFromRolesAsync(user, current.Except(command.Roles));
        }
        var existing = await users.GetRolesAsync(user);
        var added = await users.AddToRolesAsync(user, command.Roles.Except(existing));
        if (!added.Succeeded)
        {
            return CommandResult<string>.Invalid(ToErrors(added));
        }
        Audit(db, actor ?? new Actor(user.Id, user.UserName!, new HashSet<string>()), user, before, command);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return CommandResult<string>.Ok(user.Id);
    }

    /// <summary>The audit log's line for the act: created, deactivated or reactivated, roles changed, or details changed.</summary>
    private void Audit(ErhvervsdialogDbContext db, Actor actor, AppUser user, (bool IsActive, IReadOnlyList<string> Roles, string Name)? before,
        SaveUserCommand command)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var subject = $"Bruger {user.FullName} ({user.UserName})";
        var roles = string.Join(", ", command.Roles.Order());
        if (before is not { } was)
        {
            AuditLog.Add(db, actor, now, AuditAction.UserCreated, subject,
                after: $"roller: {roles}" + (user.MustChangePassword ? "; skal vælge egen adgangskode ved første log-ind" : ""));
            return;
        }
        if (was.IsActive != command.IsActive)
        {
            AuditLog.Add(db, actor, now, command.IsActive ? AuditAction.UserReactivated : AuditAction.UserDeactivated, subject);
        }
        if (!was.Roles.SequenceEqual(command.Roles.Order()))
        {
            AuditLog.Add(db, actor, now, AuditAction.RolesChanged, subject, $"roller: {string.Join(", ", was.Roles)}", $"roller: {roles}");
        }
        var name = $"{user.FullName} ({user.UserName}, {user.Email ?? "ingen e-mail"})";
        if (was.Name != name || !string.IsNullOrEmpty(command.Password))
        {
            AuditLog.Add(db, actor, now, AuditAction.UserChanged, subject, was.Name,
                name + (string.IsNullOrEmpty(command.Password) ? "" : "; ny adgangskode sat, skal skiftes ved næste log-ind"));
        }
    }

    private static Task<bool> OtherActiveAdministratorExistsAsync(ErhvervsdialogDbContext db, string userId) =>
        db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .Where(x => x.Name == Roles.Administrator && x.UserId != userId)
            .Join(db.Users, x => x.UserId, u => u.Id, (x, u) => u)
            .AnyAsync(u => u.IsActive);

    private static Dictionary<string, string> ToErrors(IdentityResult result) =>
        PasswordRules.ToErrors(result, nameof(SaveUserCommand.Password));
}
