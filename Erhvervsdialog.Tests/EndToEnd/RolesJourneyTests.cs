using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Erhvervsdialog.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public class RolesJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Password = "sagsbehandlerens kodeord";
    private readonly AppFactory _app = new();

    public async Task InitializeAsync()
    {
        _app.Start();
        await _app.CreateUserAsync("lærke", Roles.CaseWorker, Password);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task CaseWorker_CannotOpenUserAdministration()
    {
        var page = await browser.NewPageAsync(_app.BaseUrl);
        await page.SignInAsync("lærke", Password);

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Virksomheder", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("Administration")).ToHaveCountAsync(0);

        await page.GotoAsync("/administration/brugere");
        await Expect(page.Locator("[data-testid=access-denied]")).ToContainTextAsync("Ingen adgang");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Ny bruger" })).ToHaveCountAsync(0);
        await page.ScreenshotAsync("07-access-denied-case-worker");
    }

    [Fact]
    public async Task Anonymous_EveryPageButSignInAndHealthRedirects()
    {
        var page = await browser.NewPageAsync(_app.BaseUrl);

        foreach (var path in new[] { "/", "/virksomheder", "/virksomheder/ny", "/henvendelser", "/opfoelgninger", "/maalinger", "/administration/brugere", "/administration/adgangslog", "/administration/udbakke", "/hangfire", "/henvendelser/eksport?format=csv" })
        {
            await page.GotoAsync(path);
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/log-ind"));
        }
        var health = await page.APIRequest.GetAsync("/health");
        Assert.Equal(200, health.Status);
        Assert.Equal("Healthy", await health.TextAsync());
    }
}
