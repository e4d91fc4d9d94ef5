using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Tests.Core.Data;

public class MigrationsTests
{
    [Fact]
    public async Task Migrations_MatchModel_AndIncludeIdentitySchemaVersion3()
    {
        var database = new TestDatabase();
        await database.InitializeAsync();
        try
        {
            await using var db = database.CreateContext();
            Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no migration covers.");
            var tables = await db.Database.SqlQueryRaw<string>(db.Database.IsSqlite()
                ? "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'"
                : "SELECT table_name::text AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'").ToListAsync();
            Assert.Contains("AspNetUserPasskeys", tables);
            Assert.Contains("DataProtectionKeys", tables);
            if (db.Database.IsSqlite())
            {
                Assert.Contains("CompanySearch", tables);
            }
            else
            {
                var columns = await db.Database.SqlQueryRaw<string>(
                    "SELECT column_name::text AS \"Value\" FROM information_schema.columns WHERE table_name = 'Companies'").ToListAsync();
                Assert.Contains("SearchVector", columns);
                Assert.IsType<PostgreSqlDbContext>(db);
            }
            var roles = await db.Roles.Select(r => r.Name).OrderBy(n => n).ToListAsync();
            Assert.Equal(["Administrator", "Direktør", "Konsulent", "Leder", "Sagsbehandler"], roles);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>
    /// Found by CrashTests: killed while migrating, the app left EF Core's SQLite migration lock behind, and every later
    /// start waited for it forever.
    /// </summary>
    [Fact]
    [Trait("Provider", "SqliteOnly")]
    public async Task MigrationLockLeftByAKilledStart_IsReleased_AndTheNextStartMigrates()
    {
        var database = new TestDatabase { Provider = DatabaseProvider.Sqlite };
        await database.InitializeAsync();
        try
        {
            await using (var db = database.CreateContext())
            {
                await db.Database.ExecuteSqlRawAsync(
                    "CREATE TABLE IF NOT EXISTS __EFMigrationsLock (Id INTEGER PRIMARY KEY, Timestamp TEXT NOT NULL); " +
                    "INSERT INTO __EFMigrationsLock (Id, Timestamp) VALUES (1, '2026-12-02 12:00:00');");
            }
            var setup = database.Get<DatabaseSetup>();
            await setup.ReleaseStaleMigrationLockAsync();
            await setup.MigrateAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await using (var db = database.CreateContext())
            {
                Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT count(*) AS Value FROM __EFMigrationsLock").SingleAsync());
            }
        }
        finally
        {
            await database.DisposeAsync();
        }
    }
}
