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
    private Actor _director = default!;

    public async Task InitializeAsync()
    {
        _app.Start();
        var director = _director = await _app.CreateUserAsync("birthe", Roles.Director, Password, "birthe@kommune.dk");
        await _app.CreateUserAsync("lærke", Roles.CaseWorker, Password);
        await _app.CreateUserAsync("anne", Roles.Administrator, Password, "anne@kommune.dk");
        await _app.CreateUserAsync("karl", Roles.Consultant, Password, "karl@kommune.dk");
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
        await page.Locator("[data-testid=meeting-view]").GetByText("Liste").ClickAsync();
        var table = page.Locator("[data-testid=meeting-table]");
        await Expect(table).ToContainTextAsync("Kronborg Ærtebælg & Søn ApS");
        await Expect(table).ToContainTextAsync("Søren Ærtebælg");

        await page.ClickAsync("[data-testid=plan-meeting]");
        await page.ClickAsync("[data-testid=save-meeting]");
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("Vælg en virksomhed.");
        await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("Skal udfyldes.");
        await page.ScreenshotAsync("40-plan-meeting-errors");
        await page.AssertAccessibleAsync("the plan-meeting dialog with errors");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Annullér" }).ClickAsync();
        await page.ScreenshotAsync("41-meetings");

        var worker = await browser.NewPageAsync(_app.BaseUrl);
        await worker.SignInAsync("lærke", Password);
        await worker.GotoAsync("/dialogmoeder");
        await worker.WaitForInteractiveAsync();
        await worker.Locator("[data-testid=meeting-view]").GetByText("Liste").ClickAsync();
        await Expect(worker.Locator("[data-testid=meeting-table]")).ToContainTextAsync("Kronborg Ærtebælg & Søn ApS");
        await Expect(worker.Locator("[data-testid=plan-meeting]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task PlanMeeting_InvitationInOutbox_MinutesWithFollowUp_FollowUpOnOwnersList()
    {
        var page = await browser.NewPageAsync(_app.BaseUrl);
        await page.SignInAsync("birthe", Password);
        await page.GotoAsync("/dialogmoeder");
        await page.WaitForInteractiveAsync();
        await Expect(page.Locator("[data-testid=meeting-calendar]")).ToBeVisibleAsync();

        // Plan: company, date, and a participant from the company typed in.
        await page.ClickAsync("[data-testid=plan-meeting]");
        await page.Locator("[data-testid=save-meeting]").WaitForAsync();
        await page.ClickAsync("#meeting-company");
        await page.Locator("#meeting-company").PressSequentiallyAsync("kronborg", new() { Delay = 50 });
        var choice = page.GetByText("Kronborg Ærtebælg & Søn ApS (24256790)");
        await Expect(choice).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await choice.ClickAsync();
        await Expect(page.Locator("#meeting-company")).ToHaveValueAsync("Kronborg Ærtebælg & Søn ApS (24256790)");
        var date = DanishTime.ToLocal(DateTime.UtcNow).Date.AddDays(10);
        var dateField = page.Locator(".mud-dialog").GetByLabel("Dato", new() { Exact = true });
        await dateField.FillAsync(date.ToString("dd-MM-yyyy", DanishTime.Culture));
        await dateField.PressAsync("Tab");
        await page.Locator(".mud-dialog").GetByLabel("Formål").FillAsync("Grøn omstilling");
        await page.Locator(".mud-dialog").GetByLabel("Andre deltagere").FillAsync("Erik Ærtebælg, erik@kronborg.dk");
        await page.ClickAsync("[data-testid=save-meeting]");

        // The meeting's own page: plan, participants and the briefing.
        await Expect(page.Locator("[data-testid=meeting-title]")).ToHaveTextAsync("Dialogmøde: Kronborg Ærtebælg & Søn ApS");
        await Expect(page.Locator("[data-testid=meeting-when]")).ToContainTextAsync(date.ToString("dd-MM-yyyy", DanishTime.Culture) + " kl. 10:00–11:00");
        await Expect(page.Locator("[data-testid=briefing]")).ToContainTextAsync("24256790");
        await page.ScreenshotAsync("42-meeting-briefing");

        // Minutes with one follow-up for Karl.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Referat" }).ClickAsync();
        await page.FillAsync("#minutes-summary", "Virksomheden vil udvide og mangler el-kapacitet.");
        await page.FillAsync("#minutes-decisions", "Erhvervsservice koordinerer med forsyningen.");
        await page.ClickAsync("[data-testid=add-followup]");
        await page.FillAsync("#followup-title-0", "Afklar el-kapacitet med forsyningen");
        await page.ClickAsync("[data-testid=followup-owner-0]");
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Test karl" }).ClickAsync();
        // The list closes when the server has taken the choice; saving before that raced it on a loaded machine.
        await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await page.ClickAsync("[data-testid=save-minutes]");
        await Expect(page.Locator("[data-testid=meeting-followups]")).ToContainTextAsync("Afklar el-kapacitet med forsyningen");
        await page.ScreenshotAsync("43-meeting-minutes");

        // The invitation with its .ics is in the outbox.
        var admin = await browser.NewPageAsync(_app.BaseUrl);
        await admin.SignInAsync("anne", Password);
        await admin.GotoAsync("/administration/udbakke");
        await admin.WaitForInteractiveAsync();
        // Only the meeting invitations; the newest is unfolded.
        await admin.GetByLabel("Type").ClickAsync();
        await admin.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Mødeinvitation" }).ClickAsync();
        var outbox = admin.Locator("[data-testid=outbox-grid]");
        await Expect(outbox).ToContainTextAsync("Invitation: Dialogmøde med Kronborg Ærtebælg & Søn ApS");
        await Expect(outbox).ToContainTextAsync("erik@kronborg.dk");
        await Expect(admin.Locator("[data-testid=outbox-attachment]").First).ToHaveTextAsync("invitation.ics");
        var ics = await admin.APIRequest.GetAsync((await admin.Locator("[data-testid=outbox-attachment]").First.GetAttributeAsync("href"))!);
        Assert.Equal(200, ics.Status);
        Assert.Contains("METHOD:REQUEST", await ics.TextAsync());
        await admin.ScreenshotAsync("45-outbox-invitation");

        // Karl finds the follow-up on his own list.
        var karl = await browser.NewPageAsync(_app.BaseUrl);
        await karl.SignInAsync("karl", Password);
        await karl.GotoAsync("/opfoelgninger");
        await karl.WaitForInteractiveAsync();
        await karl.Locator("[data-testid=followup-scope]").GetByText("Mine", new() { Exact = true }).ClickAsync();
        var mine = karl.Locator("[data-testid=followup-table]");
        await Expect(mine).ToContainTextAsync("Afklar el-kapacitet med forsyningen");
        await Expect(mine).ToContainTextAsync("Kronborg Ærtebælg & Søn ApS");
        await karl.ScreenshotAsync("44-followups-mine");
    }

    [Fact]
    public async Task CalendarFeed_IsServedWithoutSignIn_ForTheSecretOnly()
    {
        var url = await _app.Services.GetRequiredService<CalendarFeed>().CreateAsync(_director);
        var token = url.Split('/')[^1];
        using var http = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };

        using var feed = await http.GetAsync($"/kalender/{token}");
        Assert.Equal(System.Net.HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal("text/calendar", feed.Content.Headers.ContentType!.MediaType);
        var ics = await feed.Content.ReadAsStringAsync();
        Assert.Contains("SUMMARY:Dialogmøde: Kronborg Ærtebælg & Søn ApS", ics);

        using var wrong = await http.GetAsync($"/kalender/{new string('x', 43)}.ics");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, wrong.StatusCode);
    }
}
