using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Demo;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Erhvervsdialog.Tests.EndToEnd;

/// <summary>
/// WCAG 2.1 AA as axe-core checks it (webtilgængelighedsloven): every routable page of the demo, opened in Chromium by
/// the administrator (the role that sees every page), has no serious or critical finding. Each page is also
/// photographed at 1,280 px and 390 px.
/// </summary>
[Collection(BrowserCollection.Name)]
public class AccessibilityTests(BrowserFixture browser) : IAsyncLifetime
{
    /// <summary>Pages not opened here, and why.</summary>
    private static readonly Dictionary<string, string> NotHere = new()
    {
        ["/foerste-start"] = "only while there are no users; FirstRunJourneyTests runs axe on it",
        ["/s/{Token}"] = "needs a survey link's secret; SurveyJourneyTests runs axe on every state of it",
        ["/log-ind/tofaktor"] = "needs the half-signed-in cookie; SignInJourneyTests runs axe on it",
    };

    private readonly AppFactory _app = new();
    private IReadOnlyList<DemoUser> _users = [];

    public async Task InitializeAsync()
    {
        _app.Start();
        _users = await _app.Services.GetRequiredService<DemoData>().SeedIfEmptyAsync(companyCount: 300);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EveryPage_HasNoSeriousOrCriticalAxeFinding()
    {
        var routes = PageRoutes();
        Assert.True(routes.Count > 30, $"Only {routes.Count} pages found.");
        var ids = await RecordIdsAsync();
        var admin = _users.Single(u => u.Role == Roles.Administrator);
        var page = await browser.NewPageAsync(_app.BaseUrl);
        await page.GotoAsync("/log-ind");
        var findings = new StringBuilder();
        findings.Append(await CheckAsync(page, "/log-ind"));
        await page.SignInAsync(admin.UserName, admin.Password);

        foreach (var route in routes.Where(r => !NotHere.ContainsKey(r) && r != "/log-ind"))
        {
            var path = Path(route, ids);
            var response = await page.GotoAsync(path);
            Assert.True(response is { Ok: true }, $"{path}: {response?.Status}");
            Assert.False(page.Url.Contains("/log-ind", StringComparison.Ordinal), $"{path} sent the administrator to {page.Url}");
            findings.Append(await CheckAsync(page, path));
        }

        Assert.True(findings.Length == 0, findings.ToString());
    }

    [Fact]
    public async Task ALongCompanyName_Wraps_AtDesktopAndPhoneWidth()
    {
        var admin = _users.Single(u => u.Role == Roles.Administrator);
        var actor = await _app.CreateUserAsync("redaktoer", Roles.Administrator, "en lang nok adgangskode");
        var name = string.Concat(Enumerable.Repeat("Ærøskøbing Meget-langt-firmanavn-uden-mellemrum ", 7))[..300];
        var id = (await _app.Services.GetRequiredService<Erhvervsdialog.Core.Companies.SaveCompany>()
            .HandleAsync(new Erhvervsdialog.Core.Companies.SaveCompanyCommand { Cvr = "24256790", Name = name }, actor)).Id;
        var page = await browser.NewPageAsync(_app.BaseUrl);
        await page.SignInAsync(admin.UserName, admin.Password);

        foreach (var width in new[] { 1280, 390 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.GotoAsync($"/virksomheder/{id}");
            await page.WaitForInteractiveAsync();
            await Microsoft.Playwright.Assertions.Expect(page.Locator("[data-testid=company-name]")).ToHaveTextAsync(name.Trim());
            var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= width, $"At {width} px the page is {scrollWidth} px wide.");
            await page.ScreenshotAsync($"a11y-long-company-name-{width}");
        }
    }

    /// <summary>Axe's serious and critical WCAG findings on the page as it stands, one line per rule; screenshots at two widths.</summary>
    private static async Task<string> CheckAsync(IPage page, string path)
    {
        if (await page.Locator("[data-interactive]").CountAsync() > 0)
        {
            await page.WaitForInteractiveAsync();
        }
        // Loading indicators gone: what a user reads, not the skeleton.
        await page.WaitForFunctionAsync("() => !document.querySelector('[aria-busy=true], .mud-progress-linear, .mud-skeleton')",
            null, new() { Timeout = 30_000 });
        var name = "a11y-" + (path.Trim('/').Replace('/', '-') is { Length: > 0 } n ? n : "forside");
        name = Regex.Replace(name, @"-\d+", "-post");
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(name + "-390");
        await page.SetViewportSizeAsync(1280, 900);
        await page.ScreenshotAsync(name + "-1280");

        return await page.SeriousFindingsAsync(path);
    }

    /// <summary>Every Blazor page's route template.</summary>
    private List<string> PageRoutes() =>
        [.. _app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Distinct().Order(StringComparer.Ordinal)];

    /// <summary>A record of the demo for each route that names one: the busiest company, a contact, a meeting.</summary>
    private async Task<Dictionary<string, int>> RecordIdsAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>().CreateDbContextAsync();
        var company = await db.Contacts.GroupBy(c => c.CompanyId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
        return new()
        {
            ["virksomheder"] = company,
            ["henvendelser"] = await db.Contacts.Select(c => c.Id).FirstAsync(),
            ["dialogmoeder"] = await db.DialogueMeetings.Select(m => m.Id).FirstAsync(),
        };
    }

    private static string Path(string route, Dictionary<string, int> ids)
    {
        var segments = route.Trim('/').Split('/');
        var id = ids.GetValueOrDefault(segments[0], 1).ToString(CultureInfo.InvariantCulture);
        return "/" + string.Join('/', segments.Select(s => Regex.Replace(s, @"\{[^}]*\}", id))).TrimEnd('/');
    }
}
