using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Meetings;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Erhvervsdialog.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public class MeetingJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Password = "direktørens kodeord";
    private readonly AppFactory _app = new();

    public async Task InitializeAsync()
    {
        _app.Start();
        var director = await _app.CreateUserAsync("birthe", Roles.Director, Password, "birthe@kommune.dk");
        await _app.CreateUserAsync("lærke", Roles.CaseWorker, Password);
        var admin = new Actor("x", "x", new HashSet<string> { Roles.Administrator });
        var company = (await _app.Services.GetRequiredService<SaveCompany>().HandleAsync(
            new SaveCompanyCommand { Cvr = "24256790", Name = "Kronborg Ærtebælg & Søn ApS" }, admin)).Id;
        var start = DanishTime.ToLocal(DateTime.UtcNow).Date.AddDays(7).AddHours(10);
        var planned = await _app.Services.GetRequiredService<PlanMeeting>().HandleAsync(new PlanMeetingCommand
        {
            CompanyId = company, LocalStart = start, LocalEnd = start.AddHours(1), Place = "Rådhuset", Purpose = "Vækst og rekruttering",
            UserIds = [director.UserId], External = [new ExternalParticipant("Søren Ærtebælg", "soren@kronborg.dk")],
        }, director);
        Assert.True(planned.Succeeded, string.Join("; ", planned.Errors.Values));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Director_SeesPlannedMeeting_AndGetsDanishErrorsForAnEmptyPlan_CaseWorkerCannotPlan()
    {
        var page = await browser.NewPageAsync(_app.BaseUrl);
        await page.SignInAsync("birthe", Password);
        await page.Locator(".mud-navmenu").GetByRole(AriaRole.Link, new() { Name = "Dialogmøder" }).ClickAsync();
        var table = page.Locator("[data-testid=meeting-table]");
        await Expect(table).ToContainTextAsync("Kronborg Ærtebælg & Søn ApS");
        await Expect(table).ToContainTextAsync("Søren Ærtebælg");

        await page.ClickAsync("[data-testid=plan-meeting]");
        await page.ClickAsync("[data-testid=save-meeting]");
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("Vælg en virksomhed.");
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("Skal udfyldes.");
        await page.ScreenshotAsync("40-plan-meeting-errors");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Annullér" }).ClickAsync();
        await page.ScreenshotAsync("41-meetings");

        var worker = await browser.NewPageAsync(_app.BaseUrl);
        await worker.SignInAsync("lærke", Password);
        await worker.GotoAsync("/dialogmoeder");
        await worker.WaitForInteractiveAsync();
        await Expect(worker.Locator("[data-testid=meeting-table]")).ToContainTextAsync("Kronborg Ærtebælg & Søn ApS");
        await Expect(worker.Locator("[data-testid=plan-meeting]")).ToHaveCountAsync(0);
    }
}
