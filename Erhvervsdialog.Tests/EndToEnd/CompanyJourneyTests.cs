using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Erhvervsdialog.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public class CompanyJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Password = "konsulentens kodeord";
    private readonly AppFactory _app = new();

    public async Task InitializeAsync()
    {
        _app.Start();
        await _app.CreateUserAsync("søren", Roles.Consultant, Password);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Consultant_CreatesCompany_FindsItBySearch_AddsContactPerson()
    {
        var page = await browser.NewPageAsync(_app.BaseUrl);
        await page.SignInAsync("søren", Password);

        await page.Locator(".mud-navmenu").GetByRole(AriaRole.Link, new() { Name = "Virksomheder", Exact = true }).ClickAsync();
        await page.ClickAsync("[data-testid=new-company]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Ny virksomhed");

        // Bad CVR first: the Danish message appears at the field and nothing is saved.
        await page.FillAsync("#cvr", "24256791");
        await page.FillAsync("#name", "Kronborg Ærtebælg & Søn ApS");
        await page.FillAsync("#address", "Strandvejen 7");
        await page.FillAsync("#postalcode", "3000");
        await page.FillAsync("#city", "Helsingør");
        await page.ClickAsync("[data-testid=save-company]");
        await Expect(page.GetByText("CVR-nummeret skal være 8 cifre og bestå modulus 11-kontrollen.")).ToBeVisibleAsync();
        await page.ScreenshotAsync("03-company-form-invalid-cvr");

        await page.FillAsync("#cvr", "24256790");
        await page.ClickAsync("[data-testid=save-company]");
        await Expect(page.Locator("[data-testid=company-name]")).ToHaveTextAsync("Kronborg Ærtebælg & Søn ApS");
        await Expect(page.Locator("[data-testid=company-cvr]")).ToHaveTextAsync("24256790");

        await page.ClickAsync("[data-testid=add-person]");
        await page.FillAsync("#person-name", "Lærke Østergaard");
        await page.FillAsync("#person-mobile", "20 12 34 56");
        await page.ClickAsync("[data-testid=save-person]");
        await Expect(page.Locator("td", new() { HasText = "Lærke Østergaard" })).ToBeVisibleAsync();
        await Expect(page.Locator("td", new() { HasText = "+45 20 12 34 56" })).ToBeVisibleAsync();
        await page.ScreenshotAsync("04-company-page");

        await page.Locator(".mud-navmenu").GetByRole(AriaRole.Link, new() { Name = "Virksomheder", Exact = true }).ClickAsync();
        await page.FillAsync("#company-search", "ærtebælg strand");
        var grid = page.Locator("[data-testid=company-grid]");
        await Expect(grid.GetByRole(AriaRole.Link, new() { Name = "Kronborg Ærtebælg & Søn ApS" })).ToBeVisibleAsync();
        await page.ScreenshotAsync("05-company-search");

        await page.FillAsync("#company-search", "findes ikke");
        await Expect(page.GetByText("Ingen virksomheder matcher søgningen.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task CompanyList_PagesAndSorts()
    {
        var consultant = new Erhvervsdialog.Core.Common.Actor("seed", "seed", new HashSet<string> { Roles.Consultant });
        await using (var db = _app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Erhvervsdialog.Core.Data.ErhvervsdialogDbContext>>().CreateDbContext())
        {
            db.Companies.AddRange(Erhvervsdialog.Core.Demo.DemoData.Generate(30, seed: 3));
            await db.SaveChangesAsync(consultant, DateTime.UtcNow);
        }
        var page = await browser.NewPageAsync(_app.BaseUrl);
        await page.SignInAsync("søren", Password);
        await page.GotoAsync("/virksomheder");
        await page.WaitForInteractiveAsync();
        var grid = page.Locator("[data-testid=company-grid]");
        await Expect(grid.Locator(".mud-table-pagination-caption")).ToHaveTextAsync("1–25 af 30");
        await Expect(grid.Locator("[data-testid=previous-page]")).ToBeDisabledAsync();

        await grid.Locator("[data-testid=next-page]").ClickAsync();
        await Expect(grid.Locator(".mud-table-pagination-caption")).ToHaveTextAsync("26–30 af 30");
        await Expect(grid.Locator("tbody tr")).ToHaveCountAsync(5);
        await Expect(grid.Locator("[data-testid=next-page]")).ToBeDisabledAsync();

        // Sorting starts again on the first page; a second click turns the order round.
        await grid.Locator("[data-testid=sort-Cvr]").ClickAsync();
        await Expect(grid.Locator(".mud-table-pagination-caption")).ToHaveTextAsync("1–25 af 30");
        await Expect(grid.Locator("th[aria-sort=ascending]")).ToContainTextAsync("CVR");
        var ascending = await grid.Locator("tbody tr td:nth-child(2)").AllInnerTextsAsync();
        Assert.Equal(ascending.Order(StringComparer.Ordinal), ascending);
        await grid.Locator("[data-testid=sort-Cvr]").ClickAsync();
        await Expect(grid.Locator("th[aria-sort=descending]")).ToContainTextAsync("CVR");
        await Expect(grid.Locator("tbody tr:first-child td:nth-child(2)")).Not.ToHaveTextAsync(ascending[0]);
        var descending = await grid.Locator("tbody tr td:nth-child(2)").AllInnerTextsAsync();
        Assert.Equal(descending.OrderDescending(StringComparer.Ordinal), descending);

        await grid.Locator("[data-testid=page-size]").SelectOptionAsync("50");
        await Expect(grid.Locator("tbody tr")).ToHaveCountAsync(30);
        await page.ScreenshotAsync("74-company-list-sorted");
    }

    [Fact]
    public async Task CompanyList_OnPhoneScreen_Usable()
    {
        var page = await browser.NewPageAsync(_app.BaseUrl, width: 390, height: 844);
        await page.SignInAsync("søren", Password);

        await page.GotoAsync("/virksomheder");
        await page.WaitForInteractiveAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("Virksomheder");
        await Expect(page.Locator("[data-testid=new-company]")).ToBeVisibleAsync();
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 390, $"The page scrolls sideways on a phone ({scrollWidth}px).");
        await page.ScreenshotAsync("06-company-list-phone");
    }
}
