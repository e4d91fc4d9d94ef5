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
}
