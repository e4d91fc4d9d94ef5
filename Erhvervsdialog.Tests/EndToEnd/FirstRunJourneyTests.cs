using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Erhvervsdialog.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public class FirstRunJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly AppFactory _app = new();

    public Task InitializeAsync()
    {
        _app.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EmptyDatabase_FirstRunCreatesAdministrator_WhoCanSignIn()
    {
        var page = await browser.NewPageAsync(_app.BaseUrl);

        await page.GotoAsync("/virksomheder");

        // Not signed in and no users yet: the sign-in page sends the visitor on to first run.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/foerste-start$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Første opstart");
        // Without the setup code from the server, nobody becomes administrator.
        await page.FillAsync("#fullname", "Åse Ågård");
        await page.FillAsync("#username", "åse");
        await page.FillAsync("#password", "en rigtig god sætning");
        await page.FillAsync("#confirm", "en rigtig god sætning");
        await page.ClickAsync("[data-testid=create-admin]");
        await Expect(page.GetByText("Opsætningskoden passer ikke.", new() { Exact = false })).ToBeVisibleAsync();
        var code = (await File.ReadAllTextAsync(_app.Services.GetRequiredService<FirstRunCode>().FilePath)).Trim();
        await page.FillAsync("#setupcode", code);
        await page.FillAsync("#fullname", "Åse Ågård");
        await page.FillAsync("#username", "åse");
        await page.FillAsync("#password", "kort");
        await page.FillAsync("#confirm", "kort");
        await page.ClickAsync("[data-testid=create-admin]");
        await Expect(page.GetByText("Adgangskoden skal være mindst 12 tegn.")).ToBeVisibleAsync();

        await page.FillAsync("#password", "en rigtig god sætning");
        await page.FillAsync("#confirm", "en rigtig god sætning");
        await page.ScreenshotAsync("01-first-run");
        await page.AssertAccessibleAsync("first run");
        await page.ClickAsync("[data-testid=create-admin]");

        await Expect(page.GetByText("Administratoren er oprettet.")).ToBeVisibleAsync();
        await page.SignInAsync("åse", "en rigtig god sætning");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Velkommen, Åse Ågård");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Brugere" })).ToBeVisibleAsync();
        await page.ScreenshotAsync("02-start-page-administrator");

        // First run is closed once a user exists.
        await page.GotoAsync("/foerste-start");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/log-ind$"));
    }
}
