using System.Text.RegularExpressions;
using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Erhvervsdialog.Tests.EndToEnd;

/// <summary>Single sign-on in Chromium, against a real OpenID Connect provider (OpenIddict) on another loopback port.</summary>
[Collection(BrowserCollection.Name)]
public class SingleSignOnJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private TestIdentityProvider _provider = default!;
    private AppFactory _app = default!;

    public async Task InitializeAsync()
    {
        _provider = await TestIdentityProvider.StartAsync(
            new("a1b2-kim", "kim.aero@helsingor.dk", "Kim Ærø", "kim.aero@helsingor.dk", ["Erhverv-Ledere", "Alle-ansatte"]),
            new("c3d4-ole", "ole@helsingor.dk", "Ole Ørum", "ole@helsingor.dk", ["Alle-ansatte"]));
        _app = new AppFactory(_provider.AppSettings(new() { ["Erhverv-Ledere"] = Roles.Manager }));
        _app.Start();
        await _app.CreateUserAsync("admin", Roles.Administrator, "administratorens kodeord");
        await _provider.RegisterClientAsync(_app.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task MappedGroup_SignsInAsItsRole_UnmappedIsRefusedInDanish_AndSignOutEndsTheSession()
    {
        var page = await browser.NewPageAsync(_app.BaseUrl);
        await page.GotoAsync("/opfoelgninger");
        await Expect(page).ToHaveURLAsync(new Regex("/log-ind"));
        await page.ScreenshotAsync("66-sign-in-with-sso");
        await page.ClickAsync("[data-testid=sso-sign-in]");

        // At the provider: pick the person; back in the app as a manager, on the page asked for.
        await Expect(page.Locator("h1")).ToHaveTextAsync("Kommunens log-ind (test)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kim Ærø" }).ClickAsync();
        await page.WaitForInteractiveAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/opfoelgninger$"));
        await Expect(page.Locator("[data-testid=signed-in-user]")).ToHaveTextAsync("Kim Ærø");
        await page.GotoAsync("/konto");
        await Expect(page.GetByText("Med kommunens log-ind-tjeneste.", new() { Exact = false })).ToBeVisibleAsync();

        // Signing out ends the app's session.
        await page.GotoAsync("/");
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Log ud" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/log-ind$"));
        await page.GotoAsync("/virksomheder");
        await Expect(page).ToHaveURLAsync(new Regex("/log-ind"));

        // Someone whose groups give no role is told why, in Danish, and gets no account.
        var other = await browser.NewPageAsync(_app.BaseUrl);
        await other.GotoAsync("/log-ind");
        await other.ClickAsync("[data-testid=sso-sign-in]");
        await other.GetByRole(AriaRole.Button, new() { Name = "Ole Ørum" }).ClickAsync();
        await Expect(other).ToHaveURLAsync(new Regex("/log-ind\\?sso=ingen-rolle$"));
        await Expect(other.Locator("[data-testid=login-error]")).ToContainTextAsync(
            "Din konto hos kommunens log-ind-tjeneste giver ikke adgang til Erhvervsdialog");
        await other.ScreenshotAsync("67-sso-no-role");

        var admin = new Erhvervsdialog.Core.Common.Actor("x", "admin", new HashSet<string> { Roles.Administrator });
        var users = await _app.Services.GetRequiredService<ListUsers>().HandleAsync(admin);
        var kim = Assert.Single(users, u => u.FullName == "Kim Ærø");
        Assert.Equal([Roles.Manager], kim.Roles);
        Assert.True(kim.SingleSignOnOnly);
        Assert.DoesNotContain(users, u => u.FullName == "Ole Ørum");
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditLog.ToListAsync();
        Assert.Contains(audit, e => e.Action == AuditAction.SignedIn && e.After!.Contains("med kommunens log-ind", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == AuditAction.SignInRefused && e.Subject == "Log-ind-tjenesten: Ole Ørum");
        Assert.Contains(audit, e => e.Action == AuditAction.SignedOut && e.UserName == "kim.aero@helsingor.dk");
    }
}
