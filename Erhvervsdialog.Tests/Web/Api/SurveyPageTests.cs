using System.Net;
using AngleSharp.Html.Parser;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Tests.Web.Api;

/// <summary>The public answer page as plain HTTP: accessible markup, server-side errors tied to fields, a rate limit.</summary>
[Collection(BrowserCollection.Name)]
public class SurveyPageTests : IAsyncLifetime
{
    private readonly AppFactory _app = new(new() { ["Erhvervsdialog:Surveys:PageRequestsPerMinute"] = "8" });
    private HttpClient _http = default!;
    private string _path = "";

    public async Task InitializeAsync()
    {
        _app.Start();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(_app.BaseUrl),
        };
        var admin = new Actor("x", "x", new HashSet<string> { Roles.Administrator });
        var unit = (await _app.Services.GetRequiredService<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Miljø og Natur", ShortName = "MIL" }, admin)).Id;
        var company = (await _app.Services.GetRequiredService<SaveCompany>().HandleAsync(
            new SaveCompanyCommand { Cvr = "24256790", Name = "Øresund Byg ApS", Email = "info@oresund.dk" }, admin)).Id;
        var contact = (await _app.Services.GetRequiredService<SaveContact>().HandleAsync(new SaveContactCommand
        {
            CompanyId = company, UnitId = unit, OccurredAt = DateTime.UtcNow.AddHours(-1), Status = ContactStatus.Closed,
        }, admin)).Id;
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>().CreateDbContextAsync();
        var invitation = await db.SurveyInvitations.SingleAsync(i => i.ContactId == contact);
        _path = new Uri(_app.Services.GetRequiredService<SurveyPlanner>().Link(invitation)).AbsolutePath;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Page_IsDanish_EveryControlLabelled_ErrorsTiedToTheirQuestions_AndRateLimited()
    {
        var page = await _http.GetAsync(_path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var document = new HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync());

        Assert.Equal("da", document.DocumentElement.GetAttribute("lang"));
        Assert.Contains("Miljø og Natur", document.QuerySelector(".public-lead")!.TextContent);
        Assert.DoesNotContain("Øresund", document.Body!.TextContent); // nothing about the company itself
        var controls = document.QuerySelectorAll("form input:not([type=hidden]), form textarea").ToList();
        Assert.NotEmpty(controls);
        Assert.All(controls, control => Assert.NotNull(document.QuerySelector($"label[for='{control.Id}']")));
        Assert.All(document.QuerySelectorAll("fieldset"), fieldset => Assert.NotNull(fieldset.QuerySelector("legend")));

        var token = document.QuerySelector("form[name] input[name=__RequestVerificationToken], input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var posted = await _http.PostAsync(_path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "answer", ["__RequestVerificationToken"] = token,
        }));
        var answered = new HtmlParser().ParseDocument(await posted.Content.ReadAsStringAsync());
        Assert.Equal("alert", answered.QuerySelector(".public-error-summary")!.GetAttribute("role"));
        var invalid = answered.QuerySelectorAll("fieldset.has-error").ToList();
        Assert.Equal(2, invalid.Count); // the two required questions
        Assert.All(invalid, fieldset =>
        {
            var describedBy = fieldset.GetAttribute("aria-describedby")!;
            Assert.Equal("Vælg et svar.", answered.GetElementById(describedBy)!.TextContent);
        });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await _http.GetAsync(_path)).StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}
