using Erhvervsdialog.Core;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Demo;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Tests.Core.Data;

/// <summary>The copy from a municipality's SQLite database into an empty PostgreSQL database, row for row.</summary>
[Trait("Provider", "SqliteOnly")]
public class CopyToPostgreSqlTests : IAsyncLifetime
{
    private readonly TestDatabase _sqlite = new() { Provider = DatabaseProvider.Sqlite };
    private string _target = "";

    public async Task InitializeAsync()
    {
        await _sqlite.InitializeAsync();
        await _sqlite.Get<DemoData>().SeedIfEmptyAsync(companyCount: 120);
        _target = await PostgreSqlTestServer.CreateEmptyDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        await _sqlite.DisposeAsync();
        await PostgreSqlTestServer.DropDatabaseAsync(_target);
    }

    [Fact]
    public async Task DemoData_CopiedIntoEmptyPostgreSql_SameRowsEverywhere_SearchFindsTheSame_AndASecondCopyIsRefused()
    {
        var output = new StringWriter();
        Assert.True(await CopyToPostgreSql.RunAsync(new DatabaseSettings(DatabaseProvider.Sqlite, _sqlite.ConnectionString), _target, output), output.ToString());
        Assert.Contains("antallet af rækker passer i alle tabeller", output.ToString());

        await using var target = new ServiceCollection().AddLogging()
            .AddErhvervsdialogCore(new DatabaseSettings(DatabaseProvider.PostgreSql, _target)).BuildServiceProvider();
        await using (var db = await target.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>().CreateDbContextAsync())
        await using (var before = _sqlite.CreateContext())
        {
            // Row counts are the command's own check; here a few tables are compared by content as well.
            Assert.Equal(await before.Contacts.CountAsync(), await db.Contacts.CountAsync());
            Assert.True(await db.SurveyResponses.CountAsync() > 0);
            Assert.Equal(await before.Users.OrderBy(u => u.UserName).Select(u => u.PasswordHash).ToListAsync(),
                await db.Users.OrderBy(u => u.UserName).Select(u => u.PasswordHash).ToListAsync());
            Assert.Equal(await before.Companies.OrderBy(c => c.Id).Select(c => c.Name).ToListAsync(),
                await db.Companies.OrderBy(c => c.Id).Select(c => c.Name).ToListAsync());
        }

        // The search index is built for the copied companies, and it finds what SQLite's found, in the same order.
        foreach (var words in new[] { "helsingør", "ap", "3000", "bygge" })
        {
            var query = new CompanyQuery { Text = words, PageSize = 50 };
            await using var sqliteDb = _sqlite.CreateContext();
            await using var postgreSqlDb = await target.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>().CreateDbContextAsync();
            var expected = await SearchCompanies.RunAsync(sqliteDb, query, default);
            var actual = await SearchCompanies.RunAsync(postgreSqlDb, query, default);
            Assert.Equal(expected.Total, actual.Total);
            Assert.Equal(expected.Items.Select(c => c.Id), actual.Items.Select(c => c.Id));
        }

        // New rows continue after the copied ids.
        var admin = new Erhvervsdialog.Core.Common.Actor("setup", "setup", new HashSet<string> { Erhvervsdialog.Core.Users.Roles.Administrator });
        var saved = await target.GetRequiredService<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = "24256790", Name = "Efter flytningen ApS" }, admin);
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Values));

        var again = new StringWriter();
        Assert.False(await CopyToPostgreSql.RunAsync(new DatabaseSettings(DatabaseProvider.Sqlite, _sqlite.ConnectionString), _target, again));
        Assert.Contains("ikke tom", again.ToString());
    }
}
