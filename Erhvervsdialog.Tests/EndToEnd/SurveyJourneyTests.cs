using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Erhvervsdialog.Tests.EndToEnd;

/// <summary>Close a contact, see the survey in the outbox, answer it as the company, see the answer and the follow-up.</summary>
[Collection(BrowserCollection.Name)]
public class SurveyJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Password = "en god lang adgangskode";
    private readonly AppFactory _app = new(new() { ["Erhvervsdialog:Surveys:SendDelay"] = "00:00:00" });
    private int _companyId;

    public async Task InitializeAsync()
    {
        _app.Start();
        var admin = await _app.CreateUserAsync("admin", Roles.Administrator, Password);
        var worker = await _app.CreateUserAsync("lærke", Roles.CaseWorker, Password);
        var manager = await _app.CreateUserAsync("leder", Roles.Manager, Password, "leder@kommune.dk");
        await _app.Services.GetRequiredService<SaveUnit>().HandleAsync(new SaveUnitCommand
        {
            Name = "Byggeri og Ejendomme", ShortName = "BYG", Topics = ["byggetilladelse"],
            Members = [new UnitMemberInput(worker.UserId, false), new UnitMemberInput(manager.UserId, true)],
        }, admin);
        _companyId = (await _app.Services.GetRequiredService<SaveCompany>().HandleAsync(
            new SaveCompanyCommand { Cvr = "24256790", Name = "Kronborg Ærtebælg & Søn ApS" }, admin)).Id;
        await _app.Services.GetRequiredService<SaveContactPerson>().HandleAsync(
            new SaveContactPersonCommand { CompanyId = _companyId, Name = "Erik Østergaard", Email = "erik@kronborg.dk" }, admin);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task WaitForSentAsync()
    {
        var factory = _app.Services.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>();
        for (var i = 0; i < 100; i++)
        {
            await using var db = await factory.CreateDbContextAsync();
            if (await db.Messages.AnyAsync(m => m.Kind == MessageKind.SurveyInvitation && m.Status == MessageStatus.Sent))
            {
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail("The survey invitation was not sent by the Hangfire worker within 10 seconds.");
    }

    [Fact]
    public async Task ClosedContact_SurveyInOutbox_AnsweredByTheCompany_ShowsInResultsAndAsFollowUp()
    {
        var worker = await browser.NewPageAsync(_app.BaseUrl);
        await worker.SignInAsync("lærke", Password);
        await worker.GotoAsync($"/virksomheder/{_companyId}");
        await worker.WaitForInteractiveAsync();
        await worker.ClickAsync("[data-testid=company-new-contact]");
        await worker.Locator("[data-testid=save-contact]").WaitForAsync();
        await worker.Locator(".mud-dialog .mud-select").Filter(new() { HasText = "Kontaktperson" }).First.ClickAsync();
        await worker.GetByRole(AriaRole.Option, new() { Name = "Erik Østergaard" }).ClickAsync();
        await worker.Locator(".mud-dialog .mud-select").Filter(new() { HasText = "Status" }).First.ClickAsync();
        await worker.GetByRole(AriaRole.Option, new() { Name = "Afsluttet" }).ClickAsync();
        await worker.FillAsync("#contact-summary", "Byggetilladelse givet.");
        await worker.ClickAsync("[data-testid=save-contact]");
        await Expect(worker.Locator("[data-testid=survey-note]")).ToContainTextAsync("Måling sendes");

        await WaitForSentAsync();
        var admin = await browser.NewPageAsync(_app.BaseUrl);
        await admin.SignInAsync("admin", Password);
        await admin.GotoAsync("/administration/udbakke");
        await admin.WaitForInteractiveAsync();
        var link = admin.Locator("[data-testid=survey-link]").First;
        await Expect(link).ToBeVisibleAsync();
        await Expect(admin.Locator("[data-testid=outbox-grid]")).ToContainTextAsync("erik@kronborg.dk");
        await admin.ScreenshotAsync("30-outbox");
        var path = new Uri((await link.GetAttributeAsync("href"))!).AbsolutePath;

        var company = await browser.NewPageAsync(_app.BaseUrl, width: 390, height: 844);
        // The same link open in a second tab, submitted after the answer is in.
        var secondTab = await browser.NewPageAsync(_app.BaseUrl);
        await secondTab.GotoAsync(path);
        await company.GotoAsync(path);
        await Expect(company.Locator("h1")).ToHaveTextAsync("Hvordan oplevede I kontakten med kommunen?");
        await Expect(company.Locator(".public-lead")).ToContainTextAsync("Byggeri og Ejendomme");
        await company.AssertAccessibleAsync("the survey page");
        await Expect(company.GetByRole(AriaRole.Link, new() { Name = "Tilgængelighedserklæring" })).ToHaveAttributeAsync("href", "https://www.was.digst.dk/helsingor-dk");
        await company.ClickAsync("[data-testid=survey-submit]");
        await Expect(company.Locator(".public-error-summary")).ToContainTextAsync("Vælg et svar.");
        // Focus moves to the summary, so a screen reader reads what to fix.
        await Expect(company.Locator("#fejl")).ToBeFocusedAsync();
        await company.ScreenshotAsync("31-survey-errors-phone");
        await company.AssertAccessibleAsync("the survey page with errors");
        var questions = company.Locator("fieldset.public-question");
        await questions.Nth(0).Locator("input[value='1']").CheckAsync();
        await questions.Nth(1).Locator("input[value='2']").CheckAsync();
        await questions.Nth(5).Locator("textarea").FillAsync("Svar hurtigere – og på <b>dansk</b>.");
        await company.GetByLabel("Må vi kontakte jer om jeres svar?").CheckAsync();
        await company.ScreenshotAsync("32-survey-phone");
        await company.ClickAsync("[data-testid=survey-submit]");
        await Expect(company.Locator("[data-testid=survey-thanks]")).ToHaveTextAsync("Tak for jeres svar");
        await company.AssertAccessibleAsync("the survey page's thanks");
        await company.GotoAsync(path);
        await Expect(company.Locator("body")).ToContainTextAsync("Vi har allerede modtaget jeres svar");
        var late = await secondTab.RunAndWaitForResponseAsync(() => secondTab.ClickAsync("[data-testid=survey-submit]"),
            r => r.Request.Method == "POST");
        Assert.Equal(200, late.Status);
        await Expect(secondTab.Locator("body")).ToContainTextAsync("Vi har allerede modtaget jeres svar");
        await company.AssertAccessibleAsync("the survey page, already answered");

        var manager = await browser.NewPageAsync(_app.BaseUrl);
        await manager.SignInAsync("leder", Password);
        await manager.GotoAsync("/opfoelgninger");
        await manager.WaitForInteractiveAsync();
        await Expect(manager.Locator("[data-testid=followup-table]")).ToContainTextAsync("Lav score (1/5) fra Kronborg Ærtebælg & Søn ApS");
        await Expect(manager.Locator("[data-testid=followup-table]")).ToContainTextAsync("Svar hurtigere – og på <b>dansk</b>.");
        await manager.ScreenshotAsync("33-followups-manager");
        await manager.GotoAsync("/maalinger");
        await manager.WaitForInteractiveAsync();
        await Expect(manager.Locator("[data-testid=answer-count]")).ToHaveTextAsync("1");
        await Expect(manager.Locator("body")).ToContainTextAsync("færre end 5 svar");
        await manager.ScreenshotAsync("34-results");
    }
}
