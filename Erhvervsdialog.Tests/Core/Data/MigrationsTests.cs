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
            var tables = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table'").ToListAsync();
            Assert.Contains("AspNetUserPasskeys", tables);
            Assert.Contains("CompanySearch", tables);
            var roles = await db.Roles.Select(r => r.Name).OrderBy(n => n).ToListAsync();
            Assert.Equal(["Administrator", "Direktør", "Konsulent", "Leder", "Sagsbehandler"], roles);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }
}
