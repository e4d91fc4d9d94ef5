using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Erhvervsdialog.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public class ContactJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Password = "sagsbehandlerens kodeord";
    private readonly AppFactory _app = new();
    private int _companyId;

    public async Task InitializeAsync()
    {
        _app.Start();
        var admin = await _app.CreateUserAsync("admin", Roles.Administrator, "administratorens kodeord");
        var worker = await _app.CreateUserAsync("lærke", Roles.CaseWorker, Password);
        await _app.Services.GetRequiredService<SaveUnit>().HandleAsync(new SaveUnitCommand
        {
            Name = "Byggeri og Ejendomme", ShortName = "BYG", Topics = ["byggetilladelse", "ibrugtagning"],
            Members = [new UnitMemberInput(worker.UserId, false)],
        }, admin);
        await _app.Services.GetRequiredService<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Jobcenter", ShortName = "JOB" }, admin);
        _companyId = (await _app.Services.GetRequiredService<SaveCompany>().HandleAsync(
            new SaveCompanyCommand { Cvr = "24256790", Name = "Kronborg Ærtebælg & Søn ApS", PostalCode = "3000", City = "Helsingør" }, admin)).Id;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task CaseWorker_LogsContact_SeesItOnTimelineAndInList_AndExportsIt()
    {
        var page = await browser.NewPageAsync(_app.BaseUrl);
        await page.SignInAsync("lærke", Password);
        await page.GotoAsync($"/virksomheder/{_companyId}");
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("[data-testid=history-empty]")).ToBeVisibleAsync();

        await page.ClickAsync("[data-testid=company-new-contact]");
        await page.FillAsync("#contact-topic", "byggetilladelse");
        await page.FillAsync("#contact-summary", "Spørgsmål om carport – svar sendt på mail.");
        await page.ScreenshotAsync("20-contact-dialog");
        await page.AssertAccessibleAsync("the contact dialog");
        await page.ClickAsync("[data-testid=save-contact]");

        var timeline = page.Locator("[data-testid=timeline]");
        await Expect(timeline).ToContainTextAsync("Byggeri og Ejendomme");
        await Expect(timeline).ToContainTextAsync("Spørgsmål om carport – svar sendt på mail.");
        await Expect(page.Locator("[data-testid=who-in-touch]")).ToContainTextAsync("Test lærke (BYG)");

        await page.FillAsync("#note-text", "Direktøren vil gerne besøge virksomheden.");
        await page.ClickAsync("[data-testid=add-note]");
        await Expect(timeline).ToContainTextAsync("Direktøren vil gerne besøge virksomheden.");
        await page.ScreenshotAsync("21-company-timeline");

        // One click filters the history by kind; the pressed button says which.
        await page.ClickAsync("[data-testid=kind-filter] [data-kind=Note]");
        await Expect(page.Locator("[data-testid=kind-filter] [data-kind=Note]")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(timeline).ToContainTextAsync("Direktøren vil gerne besøge virksomheden.");
        await Expect(timeline).Not.ToContainTextAsync("Spørgsmål om carport");
        await page.ClickAsync("[data-testid=kind-filter] [data-kind=Contact]");
        await Expect(timeline).ToContainTextAsync("Spørgsmål om carport");
        await Expect(timeline).Not.ToContainTextAsync("Direktøren vil gerne besøge virksomheden.");
        await page.ClickAsync("[data-testid=kind-filter] [data-kind=All]");
        await Expect(timeline).ToContainTextAsync("Direktøren vil gerne besøge virksomheden.");

        await page.Locator(".mud-navmenu").GetByRole(AriaRole.Link, new() { Name = "Henvendelser", Exact = true }).ClickAsync();
        var grid = page.Locator("[data-testid=contact-grid]");
        await Expect(grid).ToContainTextAsync("Kronborg Ærtebælg & Søn ApS");
        await Expect(grid).ToContainTextAsync("BYG");

        // The global "Ny henvendelse" in the app bar, with company search as you type.
        await page.ClickAsync("[data-testid=global-new-contact]");
        await page.Locator("[data-testid=save-contact]").WaitForAsync();
        await page.ClickAsync("#contact-company");
        await page.Locator("#contact-company").PressSequentiallyAsync("ærtebæl", new() { Delay = 50 });
        var option = page.GetByText("Kronborg Ærtebælg & Søn ApS (24256790)");
        await Expect(option).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await option.ClickAsync();
        await page.FillAsync("#contact-summary", "Ringede igen om ibrugtagning.");
        await page.ClickAsync("[data-testid=save-contact]");
        await Expect(grid).ToContainTextAsync("1–2 af 2");
        await page.ScreenshotAsync("22-contacts-list");

        // The filters are native selects, found by their Danish labels.
        await page.GetByLabel("Kanal", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Brev" });
        await Expect(grid).Not.ToContainTextAsync("Kronborg Ærtebælg & Søn ApS");
        await page.GetByLabel("Kanal", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Alle" });
        await Expect(grid).ToContainTextAsync("1–2 af 2");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export-csv]"));
        var path = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.csv");
        await download.SaveAsAsync(path);
        var csv = await File.ReadAllTextAsync(path);
        File.Delete(path);
        Assert.StartsWith("Tidspunkt;Virksomhed;CVR;Enhed", csv.TrimStart('\uFEFF'));
        Assert.Contains("Kronborg Ærtebælg & Søn ApS;24256790;Byggeri og Ejendomme;Telefon;byggetilladelse;Test lærke", csv);
    }
}
