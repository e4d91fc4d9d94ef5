using Erhvervsdialog.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Data;

/// <summary>Applies the migrations at start-up and makes sure the five roles exist.</summary>
public sealed class DatabaseSetup(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, TimeProvider clock)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        // Write-ahead logging: readers never wait for the writer, which matters with many open circuits.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        var existing = await db.Roles.Select(r => r.Name).ToListAsync(cancellationToken);
        foreach (var role in Roles.All.Except(existing))
        {
            db.Roles.Add(new IdentityRole(role!) { NormalizedName = role!.ToUpperInvariant() });
        }
        await db.SaveChangesAsync(cancellationToken);
        await Surveys.DefaultSurvey.EnsureAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken);
    }
}
