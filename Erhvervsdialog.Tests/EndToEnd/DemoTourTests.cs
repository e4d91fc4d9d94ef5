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

        await admin.GotoAsync("/administration/enheder");
        await admin.WaitForInteractiveAsync();
        await Expect(admin.Locator("td", new() { HasText = "Byggeri og Ejendomme" })).ToBeVisibleAsync();
        await admin.ScreenshotAsync("14-units");

        await admin.GotoAsync("/henvendelser");
        await admin.WaitForInteractiveAsync();
        await Expect(admin.Locator("[data-testid=contact-grid] .mud-table-pagination-caption").Last).ToContainTextAsync("af ");
        // A wide list scrolls inside its frame; the page itself never scrolls sideways.
        Assert.True(await admin.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
            "Henvendelser makes the page wider than the window.");
        await admin.ScreenshotAsync("15-demo-contacts");

        await admin.GotoAsync("/administration/api-noegler");
        await admin.WaitForInteractiveAsync();
        await admin.FillAsync("#api-name", "ESDH Byggeri");
        // A key belongs to units: without one it is refused at the field.
        await admin.ClickAsync("[data-testid=create-key]");
        await Expect(admin.GetByText("Vælg de enheder, nøglen må indberette for.")).ToBeVisibleAsync();
        await admin.ClickAsync("[data-testid=api-units]");
        await admin.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Byggeri og Ejendomme" }).ClickAsync();
        // A multiple choice stays open: a click beside it closes it, as for a person.
        await admin.Locator("h1").ClickAsync();
        await Expect(admin.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await admin.ClickAsync("[data-testid=create-key]");
        await Expect(admin.Locator("[data-testid=new-key] code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^edk_[a-z0-9]{8}_[a-z0-9]{40}$"));
        await admin.ScreenshotAsync("16-api-keys");

        await admin.GotoAsync("/administration/import");
        await admin.WaitForInteractiveAsync();
        await admin.Locator("input[type=file]").SetInputFilesAsync(
            Path.Combine(AppContext.BaseDirectory, "Core", "Import", "Files", "virksomheder-med-fejl.csv"));
        await Expect(admin.Locator("[data-testid=import-preview]")).ToContainTextAsync("Gyldig Første ApS");
        // A column no field takes is named, not dropped without a word.
        await Expect(admin.Locator("[data-testid=import-unmapped]")).ToContainTextAsync("Disse kolonner importeres ikke: Bemærkning.");
        await admin.ClickAsync("[data-testid=import-validate]");
        await Expect(admin.Locator("[data-testid=import-summary]")).ToHaveTextAsync("Oprettes: 1 · Opdateres: 0 · Uændrede: 0 · Afvises: 5");
        await Expect(admin.Locator("[data-testid=import-rejected]")).ToContainTextAsync("CVR-nummeret står også i linje 2.");
        await admin.ScreenshotAsync("17-import-checked");
        await admin.ClickAsync("[data-testid=import-apply]");
        await Expect(admin.Locator("[data-testid=import-result]")).ToContainTextAsync("Oprettet: 1 · Opdateret: 0 · Uændrede: 0 · Afvist: 5");

        await admin.GotoAsync("/maalinger");
        await admin.WaitForInteractiveAsync();
        await Expect(admin.Locator("[data-testid=answer-count]")).Not.ToHaveTextAsync("0");
        await Expect(admin.Locator("body")).ToContainTextAsync("Byggeri og Ejendomme");
        await admin.ScreenshotAsync("18-demo-results");
        // The newest 25 comments; the rest on request.
        await admin.WaitForInteractiveAsync();
        await Expect(admin.Locator(".comment")).ToHaveCountAsync(25);
        await admin.GetByTestId("all-comments").ClickAsync();
        await Expect(admin.Locator(".comment")).Not.ToHaveCountAsync(25);

        await admin.GotoAsync("/administration/adgangslog");
        await admin.WaitForInteractiveAsync();
        await Expect(admin.Locator("td", new() { HasText = "Kontaktperson" }).First).ToBeVisibleAsync();
        await admin.ScreenshotAsync("13-access-log");
    }

    [Fact]
    public async Task Demo_DirectorSeesCalendar_Briefing_AndProgramme_OnDesktopAndPhone()
    {
        var director = _users.Single(u => u.UserName == "direktoer");
        var page = await browser.NewPageAsync(_app.BaseUrl);
        await page.SignInAsync(director.UserName, director.Password);
        await page.GotoAsync("/dialogmoeder");
        await page.WaitForInteractiveAsync();
        var calendar = page.Locator("[data-testid=meeting-calendar]");
        await Expect(calendar).ToBeVisibleAsync();
        // Demo meetings lie within the next five weeks: step forward until the calendar shows one.
        for (var i = 0; i < 2 && await calendar.Locator(".cal-event").CountAsync() == 0; i++)
        {
            await page.GetByLabel("Næste").ClickAsync();
        }
        await Expect(calendar.Locator(".cal-event").First).ToBeVisibleAsync();
        await page.ScreenshotAsync("46-calendar-month");

        await page.Locator("[data-testid=meeting-view]").GetByText("Uge").ClickAsync();
        await Expect(page.Locator("[data-testid=calendar-caption]")).ToContainTextAsync("Uge ");
        await page.ScreenshotAsync("47-calendar-week");

        await page.Locator("[data-testid=meeting-view]").GetByText("Liste").ClickAsync();
        await page.Locator("[data-testid=meeting-table] a[href^='dialogmoeder/']").First.ClickAsync();
        await Expect(page.Locator("[data-testid=briefing]")).ToContainTextAsync("Henvendelser de seneste 12 måneder");
        await Expect(page.Locator("[data-testid=briefing]")).ToContainTextAsync("Tidligere dialogmøder");
        await page.ScreenshotAsync("48-demo-briefing");

        await page.Locator(".mud-navmenu").GetByRole(AriaRole.Link, new() { Name = "Dialogprogram" }).ClickAsync();
        var programme = page.Locator("[data-testid=programme-table]");
        await Expect(programme.Locator("tbody tr").First).ToContainTextAsync("Planlæg");
        await page.ScreenshotAsync("49-programme");

        var phone = await browser.NewPageAsync(_app.BaseUrl, width: 390, height: 844);
        await phone.SignInAsync(director.UserName, director.Password);
        await phone.GotoAsync("/dialogmoeder");
        await phone.WaitForInteractiveAsync();
        for (var i = 0; i < 2 && await phone.Locator(".cal-event").CountAsync() == 0; i++)
        {
            await phone.GetByLabel("Næste").ClickAsync();
        }
        await Expect(phone.Locator(".cal-event").First).ToBeVisibleAsync();
        await phone.ScreenshotAsync("50-calendar-phone");
        await phone.Locator(".cal-event").First.ClickAsync();
        await Expect(phone.Locator("[data-testid=meeting-title]")).ToBeVisibleAsync();
        await phone.ScreenshotAsync("57-meeting-phone");
        await phone.GotoAsync("/");
        await phone.WaitForInteractiveAsync();
        await Expect(phone.Locator("[data-testid=card-satisfaction]")).ToBeVisibleAsync();
        await phone.ScreenshotAsync("58-overview-phone");
    }

    [Fact]
    public async Task Demo_StartPageForDirectorAndManager_ComparisonActionPlanAndMunicipalities()
    {
        var director = _users.Single(u => u.UserName == "direktoer");
        var page = await browser.NewPageAsync(_app.BaseUrl);
        await page.SignInAsync(director.UserName, director.Password);
        var cards = page.Locator("[data-testid=overview-cards]");
        await Expect(cards).ToContainTextAsync("Tilfredshed, 90 dage");
        await Expect(page.Locator("[data-testid=card-satisfaction]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d,\d$"));
        await Expect(page.Locator("[data-testid=unit-months] tbody tr")).ToHaveCountAsync(5);
        await Expect(page.Locator("[data-testid=upcoming] a").First).ToBeVisibleAsync();
        await page.ScreenshotAsync("52-overview-director");

        var manager = _users.Single(u => u.UserName == "leder");
        var managerPage = await browser.NewPageAsync(_app.BaseUrl);
        await managerPage.SignInAsync(manager.UserName, manager.Password);
        // The manager's own units (Byggeri og Ejendomme, Miljø og Natur) come first in the per-unit table.
        await Expect(managerPage.Locator("[data-testid=unit-months] tbody tr").First).ToContainTextAsync("Byggeri og Ejendomme");
        await Expect(managerPage.Locator("[data-testid=unit-months] tbody tr").Nth(1)).ToContainTextAsync("Miljø og Natur");
        await Expect(managerPage.Locator("[data-testid=my-followups]")).ToBeVisibleAsync();
        await managerPage.ScreenshotAsync("53-overview-manager");

        var worker = _users.Single(u => u.UserName == "sagsbehandler");
        var workerPage = await browser.NewPageAsync(_app.BaseUrl);
        await workerPage.SignInAsync(worker.UserName, worker.Password);
        await Expect(workerPage.Locator("[data-testid=my-contacts]")).ToContainTextAsync("Mine åbne henvendelser");
        await Expect(workerPage.Locator(".mud-navmenu").GetByRole(AriaRole.Link, new() { Name = "Sammenligning" })).ToHaveCountAsync(0);

        await page.Locator(".mud-navmenu").GetByRole(AriaRole.Link, new() { Name = "Sammenligning" }).ClickAsync();
        var table = page.Locator("[data-testid=comparison-table]");
        await Expect(table).ToContainTextAsync("Byggeri og Ejendomme");
        // The demo's job centre is fast but felt slow: the director sees the experience, not the process, is the problem.
        await Expect(table.Locator("tr", new() { HasText = "Jobcenter" }).Locator("[data-testid=time-disagreement]"))
            .ToContainTextAsync("Hurtig, men opleves langsom");
        await page.ScreenshotAsync("54-comparison");
        // Every demo unit has at least 5 answers in the last 90 days, so each count opens the answers behind it.
        await table.Locator(".mud-link").First.ClickAsync();
        await Expect(page.Locator("[data-testid=answers-behind] tbody tr")).Not.ToHaveCountAsync(0);
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Luk" }).ClickAsync();

        await page.Locator(".mud-navmenu").GetByRole(AriaRole.Link, new() { Name = "Handlingsplan" }).ClickAsync();
        await Expect(page.Locator("[data-testid=initiative-table]")).ToContainTextAsync("Tættere dialog med kommunaldirektøren");
        await page.ScreenshotAsync("55-action-plan");

        await page.Locator(".mud-navmenu").GetByRole(AriaRole.Link, new() { Name = "Andre kommuner" }).ClickAsync();
        await Expect(page.Locator("[data-testid=ranking-table]")).ToContainTextAsync("Helsingør");
        await page.ClickAsync("[data-testid=peers]");
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Egedal" }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("[data-testid=category-table]")).ToContainTextAsync("Egedal");
        await page.ScreenshotAsync("56-municipalities");
    }
}
