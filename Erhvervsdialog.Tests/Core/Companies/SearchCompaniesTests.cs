using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Tests.Core.Companies;

public class SearchCompaniesTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private Actor _actor = default!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _actor = await _db.CreateUserAsync("konsulent", Roles.Consultant);
        await AddAsync("24256790", "Øster Bageri ApS", "Stengade 12", "3000", "Helsingør", "1003456789");
        await AddAsync("54562519", "Ålsgårde Auto", "Hornbækvej 4", "3140", "Ålsgårde", null);
        await AddAsync("10103940", "Ærø Byg A/S", "Kongevejen 7", "3070", "Snekkersten", "1234567890");
        await AddAsync("64942212", "aalborg Rådgivning", "Bramstræde 2", "3000", "Helsingør", null);
        await AddAsync("18734524", "Zebra IT", "Ålsgårde Stationsvej 1", "3140", "Ålsgårde", null);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    private async Task<int> AddAsync(string cvr, string name, string address, string postalCode, string city, string? pNumber)
    {
        var result = await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand
        {
            Cvr = cvr, Name = name, Address = address, PostalCode = postalCode, City = city,
            ProductionUnits = pNumber is null ? [] : [new ProductionUnitInput(pNumber, null, null)],
        }, _actor);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        return result.Id;
    }

    private async Task<List<string>> NamesAsync(CompanyQuery query) =>
        (await _db.Get<SearchCompanies>().HandleAsync(query, _actor)).Items.Select(c => c.Name).ToList();

    [Theory]
    [InlineData("øster", "Øster Bageri ApS")]
    [InlineData("bag", "Øster Bageri ApS")]
    [InlineData("2425", "Øster Bageri ApS")]
    [InlineData("54562519", "Ålsgårde Auto")]
    [InlineData("1234567890", "Ærø Byg A/S")]
    [InlineData("snekkersten", "Ærø Byg A/S")]
    [InlineData("kongevejen 7", "Ærø Byg A/S")]
    [InlineData("ÆRØ", "Ærø Byg A/S")]
    public async Task HandleAsync_OneBoxOverNameCvrPNumberAddress_FindsCompany(string text, string expected)
    {
        Assert.Equal([expected], await NamesAsync(new CompanyQuery { Text = text }));
    }

    [Fact]
    public async Task HandleAsync_AllWordsMustMatch()
    {
        Assert.Equal(["Zebra IT", "Ålsgårde Auto"], await NamesAsync(new CompanyQuery { Text = "ålsgårde" }));
        Assert.Equal(["Zebra IT"], await NamesAsync(new CompanyQuery { Text = "ålsgårde zebra" }));
    }

    [Fact]
    public async Task HandleAsync_FtsSyntaxInInput_TreatedAsPlainWords()
    {
        Assert.Empty(await NamesAsync(new CompanyQuery { Text = "\"Øster OR NEAR( *" }));
        Assert.Equal(["Øster Bageri ApS"], await NamesAsync(new CompanyQuery { Text = "\"Øster\" -- " }));
    }

    [Fact]
    public async Task HandleAsync_SortByName_DanishOrder()
    {
        // Danish: Z < Æ < Ø < Å, case-insensitive, and "aa" sorts as "å".
        Assert.Equal(["Zebra IT", "Ærø Byg A/S", "Øster Bageri ApS", "aalborg Rådgivning", "Ålsgårde Auto"],
            await NamesAsync(new CompanyQuery()));
        Assert.Equal("Ålsgårde Auto", (await NamesAsync(new CompanyQuery { Descending = true }))[0]);
    }

    [Fact]
    public async Task HandleAsync_Paging_TotalCountsAllMatches()
    {
        var page = await _db.Get<SearchCompanies>().HandleAsync(new CompanyQuery { PageSize = 2, Page = 1 }, _actor);

        Assert.Equal(5, page.Total);
        Assert.Equal(["Øster Bageri ApS", "aalborg Rådgivning"], page.Items.Select(c => c.Name));
    }

    [Fact]
    public async Task HandleAsync_OverOneThousandMatches_CountsToTheLimitAndSaysOver()
    {
        await using (var db = _db.CreateContext())
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Companies.AddRange(Erhvervsdialog.Core.Demo.DemoData.Generate(Paging.CountLimit + 10, seed: 7).Select(c =>
            {
                c.City = "Helsingør";
                return c;
            }));
            await db.SaveChangesAsync(_actor, DateTime.UtcNow);
        }

        var broad = await _db.Get<SearchCompanies>().HandleAsync(new CompanyQuery { Text = "helsingør", PageSize = 25 }, _actor);
        var narrow = await _db.Get<SearchCompanies>().HandleAsync(new CompanyQuery { Text = "24256790" }, _actor);

        Assert.True(broad.TotalIsLowerBound);
        Assert.Equal(Paging.CountLimit, broad.Total);
        Assert.Equal(25, broad.Items.Count);
        Assert.False(narrow.TotalIsLowerBound);
        Assert.Equal(1, narrow.Total);
    }

    [Fact]
    public async Task HandleAsync_FilterByPostalCodeAndStatus()
    {
        Assert.Equal(["Øster Bageri ApS", "aalborg Rådgivning"], await NamesAsync(new CompanyQuery { PostalCode = "3000" }));
        Assert.Empty(await NamesAsync(new CompanyQuery { Status = CompanyStatus.Ceased }));
    }

    [Fact]
    public async Task Index_FollowsRenameAndRemovedPNumber()
    {
        await using (var db = _db.CreateContext())
        {
            var company = await db.Companies.Include(c => c.ProductionUnits).SingleAsync(c => c.Cvr == "10103940");
            company.Name = "Nyt Navn ApS";
            company.ProductionUnits.Clear();
            await db.SaveChangesAsync(_actor, DateTime.UtcNow);
        }

        Assert.Empty(await NamesAsync(new CompanyQuery { Text = "ærø" }));
        Assert.Empty(await NamesAsync(new CompanyQuery { Text = "1234567890" }));
        Assert.Equal(["Nyt Navn ApS"], await NamesAsync(new CompanyQuery { Text = "nyt navn" }));
    }

    [Fact]
    public async Task HandleAsync_SearchTerm_WrittenToAccessLog()
    {
        await NamesAsync(new CompanyQuery { Text = "Øster" });
        await NamesAsync(new CompanyQuery());

        await using var db = _db.CreateContext();
        var entry = await db.AccessLog.SingleAsync();
        Assert.Equal(AccessAction.Search, entry.Action);
        Assert.Equal("Øster", entry.Detail);
        Assert.Equal("konsulent", entry.UserName);
    }
}
