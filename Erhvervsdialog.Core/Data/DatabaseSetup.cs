using Erhvervsdialog.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Data;

/// <summary>Applies the migrations at start-up and makes sure the five roles exist.</summary>
public sealed class DatabaseSetup(IDbContextFactory<ErhvervsdialogDbContext> dbFactory)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        var existing = await db.Roles.Select(r => r.Name).ToListAsync(cancellationToken);
        foreach (var role in Roles.All.Except(existing))
        {
            db.Roles.Add(new IdentityRole(role!) { NormalizedName = role!.ToUpperInvariant() });
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
