using Erhvervsdialog.Core.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Data;

/// <summary>Applies the migrations at start-up and makes sure the five roles exist.</summary>
public sealed class DatabaseSetup(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Held while a node sets up a PostgreSQL database, so two nodes starting together take turns.</summary>
    private const long SetupLock = 0x45_72_68_76_65_72_76; // "Erhverv"

    /// <summary>
    /// EF Core's migration lock on SQLite is a row in <c>__EFMigrationsLock</c>. A process killed while migrating leaves
    /// it behind, and every later start then waits for it forever ("Acquiring an exclusive lock for migration
    /// application"). Only for a caller that knows no other process uses the database: the app holds the data folder's
    /// lock (DataFolderLock), so a row it finds at start-up is left over from a crash, and it removes it.
    /// </summary>
    public async Task ReleaseStaleMigrationLockAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!db.Database.IsSqlite() || await db.Database
                .SqlQuery<int>($"SELECT count(*) AS Value FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'")
                .SingleAsync(cancellationToken) == 0)
        {
            return;
        }
        await db.Database.ExecuteSqlAsync($"DELETE FROM __EFMigrationsLock", cancellationToken);
    }

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var postgreSql = db.Database.IsNpgsql();
        if (postgreSql)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({SetupLock})", cancellationToken);
        }
        await db.Database.MigrateAsync(cancellationToken);
        if (!postgreSql)
        {
            // Write-ahead logging: readers never wait for the writer, which matters with many open circuits.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        var existing = await db.Roles.Select(r => r.Name).ToListAsync(cancellationToken);
        foreach (var role in Roles.All.Except(existing))
        {
            db.Roles.Add(new IdentityRole(role!) { NormalizedName = role!.ToUpperInvariant() });
        }
        await db.SaveChangesAsync(cancellationToken);
        await Surveys.DefaultSurvey.EnsureAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken);
        if (postgreSql)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({SetupLock})", cancellationToken);
        }
    }
}
