using Erhvervsdialog.Core.Demo;
using Erhvervsdialog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Erhvervsdialog.Tests.EndToEnd;

/// <summary>The app as a newcomer sees it after --demo: every role signs in and the main pages show the demo data.</summary>
[Collection(BrowserCollection.Name)]
public class DemoTourTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private IReadOnlyList<DemoUser> _users = [];

    public async Task InitializeAsync()
    {
        _app.Start();
        _users = await _app.Services.GetRequiredService<DemoData>().SeedIfEmptyAsync(companyCount: 300);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Demo_EveryRoleSignsIn_AndAdministratorSeesUsersAndAccessLog()
    {
        Assert.Equal(5, _users.Count);
        foreach (var user in _users.Where(u => u.UserName != "admin"))
        {
            var page = await browser.NewPageAsync(_app.BaseUrl);
            await page.SignInAsync(user.UserName, user.Password);
            await Expect(page.Locator("h1")).ToContainTextAsync("Velkommen");
            await Expect(page.GetByText("Administration")).ToHaveCountAsync(0);
            await page.Context.CloseAsync();
        }

        var admin = await browser.NewPageAsync(_app.BaseUrl);
        var adminUser = _users.Single(u => u.UserName == "admin");
        await admin.SignInAsync(adminUser.UserName, adminUser.Password);
        await admin.GotoAsync("/virksomheder");
        await admin.WaitForInteractiveAsync();
        await Expect(admin.Locator(".mud-table-pagination-caption").Last).ToContainTextAsync("af ");
        await admin.ScreenshotAsync("10-demo-company-list");

        await admin.Locator("[data-testid=company-grid] a.company-name").First.ClickAsync();
        await Expect(admin.Locator("[data-testid=company-cvr]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^9\d{7}$"));
        await admin.ScreenshotAsync("11-demo-company-page");

        await admin.GotoAsync("/administration/brugere");
        await admin.WaitForInteractiveAsync();
        await Expect(admin.Locator("td", new() { HasText = "Birthe Kronborg-Sørensen (demo)" })).ToBeVisibleAsync();
        await admin.ScreenshotAsync("12-users");

        await admin.GotoAsync("/administration/adgangslog");
        await admin.WaitForInteractiveAsync();
        await Expect(admin.Locator("td", new() { HasText = "ContactPerson" }).First).ToBeVisibleAsync();
        await admin.ScreenshotAsync("13-access-log");
    }
}
