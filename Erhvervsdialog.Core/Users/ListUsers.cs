using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Core.Users;

public sealed class ListUsers(IServiceScopeFactory scopeFactory)
{
    /// <summary>Every user, for the pickers (owner, case worker, participants) and Administration → Brugere.</summary>
    public async Task<IReadOnlyList<UserRow>> HandleAsync(Actor actor, bool activeOnly = false)
    {
        actor.Demand(Policies.SignedIn);
        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ErhvervsdialogDbContext>();
        var users = await db.Users.AsNoTracking().Where(u => !activeOnly || u.IsActive).ToListAsync();
        var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync();
        return users
            .Select(u => new UserRow(u.Id, u.UserName!, u.FullName, u.Email, u.IsActive,
                roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order().ToList(), u.ConcurrencyStamp)
            {
                TwoFactorEnabled = u.TwoFactorEnabled,
                SingleSignOnOnly = u.PasswordHash == null,
            })
            .OrderBy(u => u.FullName, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("da-DK"), true))
            .ToList();
    }
}
