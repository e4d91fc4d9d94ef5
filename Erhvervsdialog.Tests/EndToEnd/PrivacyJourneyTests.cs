using System.Text.Json;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Erhvervsdialog.Tests.EndToEnd;

/// <summary>Administration → Indsigt and → Drift in a real browser, and who may use them.</summary>
[Collection(BrowserCollection.Name)]
public class PrivacyJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Password = "administratorens kodeord";
    private readonly AppFactory _app = new();
    private int _personId;
    private int _companyId;

    public async Task InitializeAsync()
    {
        _app.Start();
        var admin = await _app.CreateUserAsync("ada", Roles.Administrator, Password);
        await _app.CreateUserAsync("karl", Roles.Consultant, Password);
        var company = _companyId = (await _app.Services.GetRequiredService<SaveCompany>()
            .HandleAsync(new SaveCompanyCommand { Cvr = "24256790", Name = "Øresund Byg og Anlæg ApS" }, admin)).Id;
        _personId = (await _app.Services.GetRequiredService<SaveContactPerson>().HandleAsync(new SaveContactPersonCommand
        {
            CompanyId = company, Name = "Søren Ærø Østergaard-Kristiansen", Email = "soren.aero.ostergaard-kristiansen@oresund-byg-og-anlaeg.dk", Mobile = "21436587",
        }, admin)).Id;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Administrator_FindsAPersonAndDownloadsTheirData_AndSeesBackupAndRetention_ConsultantMayNot()
    {
        var page = await browser.NewPageAsync(_app.BaseUrl);
        await page.SignInAsync("ada", Password);
        await page.GotoAsync("/administration/indsigt");
        await page.WaitForInteractiveAsync();
        await page.GetByLabel("Navn, e-mail eller mobilnummer").FillAsync("ærø");
        await page.GetByTestId("subject-search-button").ClickAsync();
        await Expect(page.GetByTestId("subject-matches")).ToContainTextAsync("Søren Ærø Østergaard-Kristiansen");
        await page.ScreenshotAsync("70-subject-access");

        var pdf = await page.APIRequest.GetAsync($"/administration/indsigt/{_personId}.pdf");
        Assert.Equal(200, pdf.Status);
        Assert.Contains("Oplysninger om Søren Ærø", PdfRead.From(await pdf.BodyAsync()).Text);
        var json = await page.APIRequest.GetAsync($"/administration/indsigt/{_personId}.json");
        Assert.Equal("application/json", json.Headers["content-type"]);
        using (var document = JsonDocument.Parse(await json.BodyAsync()))
        {
            Assert.Equal("+4521436587", document.RootElement.GetProperty("persons")[0].GetProperty("mobile").GetString());
        }

        await page.GotoAsync("/administration/indsigt");
        await page.WaitForInteractiveAsync();
        await page.GetByLabel("Navn, e-mail eller mobilnummer").FillAsync("x");
        await page.GetByTestId("subject-search-button").ClickAsync();
        await Expect(page.GetByTestId("subject-none")).ToContainTextAsync("Skriv mindst to tegn");
        await page.GetByLabel("Navn, e-mail eller mobilnummer").FillAsync("ingen sådan person");
        await page.GetByTestId("subject-search-button").ClickAsync();
        await Expect(page.GetByTestId("subject-none")).ToContainTextAsync("Ingen kontaktpersoner");

        await page.GotoAsync("/administration/drift");
        await page.WaitForInteractiveAsync(); // else the click below can land before the circuit is up, and is lost
        await Expect(page.GetByTestId("backup-status")).ToContainTextAsync("Der er endnu ikke taget nogen sikkerhedskopi");
        await Expect(page.GetByTestId("retention-status")).ToContainTextAsync("Kontaktpersoner uden kontakter, møder eller ændringer i 5 år");
        await page.GetByTestId("backup-now").ClickAsync();
        // The job runs in Hangfire; the page shows its result when opened again.
        for (var i = 0; i < 60 && !(await page.GetByTestId("backup-status").TextContentAsync())!.Contains("lykkedes", StringComparison.Ordinal); i++)
        {
            await Task.Delay(500);
            await page.ReloadAsync();
        }
        await Expect(page.GetByTestId("backup-status")).ToContainTextAsync("Seneste sikkerhedskopi lykkedes");
        await page.ScreenshotAsync("71-operations");

        var phone = await browser.NewPageAsync(_app.BaseUrl, width: 390, height: 844);
        await phone.SignInAsync("ada", Password);
        await phone.GotoAsync("/administration/drift");
        await Expect(phone.GetByTestId("backup-status")).ToContainTextAsync("lykkedes");
        var scrollWidth = await phone.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 390, $"The page scrolls sideways on a phone ({scrollWidth}px).");
        await phone.ScreenshotAsync("72-operations-phone");

        var consultant = await browser.NewPageAsync(_app.BaseUrl);
        await consultant.SignInAsync("karl", Password);
        foreach (var path in new[] { "/administration/indsigt", "/administration/drift" })
        {
            await consultant.GotoAsync(path);
            await Expect(consultant.Locator("[data-testid=access-denied]")).ToContainTextAsync("Ingen adgang");
        }
        var refused = await consultant.APIRequest.GetAsync($"/administration/indsigt/{_personId}.json", new() { MaxRedirects = 0 });
        Assert.NotEqual(200, refused.Status);
        Assert.DoesNotContain("Søren", await refused.TextAsync());
    }

    [Fact]
    public async Task Administrator_DeletesAContactPerson_IsToldEveryCopyGoes_AndTheyCannotBeFoundAfterwards()
    {
        var page = await browser.NewPageAsync(_app.BaseUrl);
        await page.SignInAsync("ada", Password);
        await page.GotoAsync($"/virksomheder/{_companyId}");
        await page.WaitForInteractiveAsync();
        await page.GetByLabel("Slet Søren Ærø Østergaard-Kristiansen").ClickAsync();
        var dialog = page.GetByRole(Microsoft.Playwright.AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("fjernes overalt i Erhvervsdialog");
        await page.ScreenshotAsync("73-erase-contact-person");
        await dialog.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Slet" }).ClickAsync();
        await Expect(page.GetByText("Kontaktpersonen er slettet.")).ToBeVisibleAsync();

        await page.GotoAsync("/administration/indsigt");
        await page.WaitForInteractiveAsync();
        await page.GetByLabel("Navn, e-mail eller mobilnummer").FillAsync("21 43 65 87");
        await page.GetByTestId("subject-search-button").ClickAsync();
        await Expect(page.GetByTestId("subject-none")).ToBeVisibleAsync();
    }
}
