using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Erhvervsdialog.Tests.EndToEnd;

/// <summary>Download a company's dossier from its page; make a service report on Rapporter and download it when it is done.</summary>
[Collection(BrowserCollection.Name)]
public class ReportJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Password = "direktørens kodeord";
    private readonly AppFactory _app = new();
    private int _companyId;

    public async Task InitializeAsync()
    {
        _app.Start();
        var director = await _app.CreateUserAsync("birthe", Roles.Director, Password, "birthe@kommune.dk");
        _companyId = (await _app.Services.GetRequiredService<SaveCompany>().HandleAsync(
            new SaveCompanyCommand { Cvr = "24256790", Name = "Kronborg Ærtebælg & Søn ApS", City = "Helsingør", PostalCode = "3000" }, director)).Id;
        await _app.CreateUserAsync("lærke", Roles.CaseWorker, Password);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Director_DownloadsDossier_AndMakesAServiceReport_CaseWorkerHasNoReportsPage()
    {
        var page = await browser.NewPageAsync(_app.BaseUrl);
        await page.SignInAsync("birthe", Password);
        await page.GotoAsync($"/virksomheder/{_companyId}");
        await page.WaitForInteractiveAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=dossier-pdf]"));
        Assert.Equal("virksomhedsprofil-kronborg-aertebaelg-soen-aps.pdf", download.SuggestedFilename);
        var dossier = PdfRead.From(await File.ReadAllBytesAsync((await download.PathAsync())));
        Assert.Equal("Virksomhedsprofil: Kronborg Ærtebælg & Søn ApS", dossier.Title);
        Assert.Contains("24256790", dossier.Text);

        await page.Locator(".mud-navmenu").GetByRole(AriaRole.Link, new() { Name = "Rapporter" }).ClickAsync();
        await page.ClickAsync("[data-testid=make-report]");
        var button = page.Locator("[data-testid=download-report]");
        await Expect(button).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.ScreenshotAsync("51-reports");
        var report = await page.RunAndWaitForDownloadAsync(() => button.ClickAsync());
        var month = DanishTime.ToLocal(DateTime.UtcNow);
        Assert.Equal($"servicerapport-{month:yyyy-MM}-01-{new DateTime(month.Year, month.Month, 1).AddMonths(1).AddDays(-1):yyyy-MM-dd}.pdf", report.SuggestedFilename);
        Assert.StartsWith("Servicerapport ", PdfRead.From(await File.ReadAllBytesAsync((await report.PathAsync()))).Title);

        var worker = await browser.NewPageAsync(_app.BaseUrl);
        await worker.SignInAsync("lærke", Password);
        await Expect(worker.Locator(".mud-navmenu").GetByRole(AriaRole.Link, new() { Name = "Rapporter" })).ToHaveCountAsync(0);
        var denied = await worker.APIRequest.GetAsync("/rapporter/1.pdf");
        // Sent to the access-denied page, not given the PDF.
        Assert.Contains("/ingen-adgang", denied.Url);
        Assert.DoesNotContain("application/pdf", denied.Headers["content-type"]);
    }
}
