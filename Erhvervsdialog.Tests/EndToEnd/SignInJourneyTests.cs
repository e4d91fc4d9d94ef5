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

/// <summary>Two-factor, sessions that end, and sign-in limits, in Chromium against the real app.</summary>
[Collection(BrowserCollection.Name)]
public class SignInJourneyTests(BrowserFixture browser)
{
    private const string Password = "direktørens lange kodeord";
    private const string SignInFailed = "Log-ind mislykkedes. Tjek brugernavn og adgangskode.";

    private static async Task<List<AuditEntry>> AuditAsync(AppFactory app)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>().CreateDbContextAsync();
        return await db.AuditLog.OrderBy(e => e.Id).ToListAsync();
    }

    private static async Task SignInFormAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/log-ind");
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=sign-in]");
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(500);
        return true;
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Log ud" }).ClickAsync();
        // The page's own circuit may notice the new security stamp first and go to the sign-in page with a return address.
        await Expect(page).ToHaveURLAsync(new Regex("/log-ind(\\?returnUrl=.*)?$"));
    }

    [Fact]
    public async Task Director_MustEnrolTwoFactor_ThenSignsInWithTheAppsCode_AndARecoveryCodeWorksOnce()
    {
        await using var app = new AppFactory(new() { ["Erhvervsdialog:SignIn:TwoFactorRoles"] = "Administrator,Direktør" });
        app.Start();
        await app.CreateUserAsync("birthe", Roles.Director, Password);
        var page = await browser.NewPageAsync(app.BaseUrl);

        // The password alone leads only to the enrolment page; the rest of the app is closed until it is done.
        await SignInFormAsync(page, "birthe", Password);
        await Expect(page).ToHaveURLAsync(new Regex("/konto/tofaktor"));
        await Expect(page.Locator("[data-testid=two-factor-required]")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR-kode til godkendelsesappen" })).ToBeVisibleAsync();
        await page.GotoAsync("/virksomheder");
        await Expect(page).ToHaveURLAsync(new Regex("/konto/tofaktor"));
        await page.ScreenshotAsync("60-two-factor-enrol");

        var key = await page.Locator("[data-testid=authenticator-key]").InnerTextAsync();
        await page.FillAsync("#enable-password", Password);
        await page.FillAsync("#code", "123456");
        await page.ClickAsync("[data-testid=enable-two-factor]");
        await Expect(page.GetByText("Koden passer ikke.", new() { Exact = false })).ToBeVisibleAsync();
        var enrolCode = Totp.Code(key, DateTimeOffset.UtcNow);
        await page.FillAsync("#enable-password", Password);
        await page.FillAsync("#code", enrolCode);
        await page.ClickAsync("[data-testid=enable-two-factor]");
        var codes = page.Locator("[data-testid=recovery-codes] li");
        await Expect(codes).ToHaveCountAsync(10);
        var recovery = (await codes.AllInnerTextsAsync()).Select(c => c.Trim()).ToList();
        await page.ScreenshotAsync("61-two-factor-recovery-codes");
        await page.ClickAsync("[data-testid=two-factor-continue]");
        await page.WaitForInteractiveAsync();
        await SignOutAsync(page);

        // Next time: password, then the app's code.
        await SignInFormAsync(page, "birthe", Password);
        await Expect(page).ToHaveURLAsync(new Regex("/log-ind/tofaktor"));
        await page.ScreenshotAsync("62-two-factor-sign-in");
        await page.AssertAccessibleAsync("two-factor sign-in");
        // The code used to switch two-factor on is spent: the app's next code is needed.
        await page.FillAsync("#code", enrolCode);
        await page.ClickAsync("[data-testid=verify-code]");
        await Expect(page.Locator("[data-testid=login-error]")).ToContainTextAsync("Koden passer ikke.");
        await page.FillAsync("#code", await Totp.FreshCodeAsync(key, enrolCode));
        await page.ClickAsync("[data-testid=verify-code]");
        await page.WaitForInteractiveAsync();
        await SignOutAsync(page);

        // A recovery code works once.
        foreach (var expectSuccess in new[] { true, false })
        {
            await SignInFormAsync(page, "birthe", Password);
            await Expect(page).ToHaveURLAsync(new Regex("/log-ind/tofaktor"));
            await page.FillAsync("#code", recovery[0].ToLowerInvariant());
            await page.ClickAsync("[data-testid=verify-code]");
            if (expectSuccess)
            {
                await page.WaitForInteractiveAsync();
                await SignOutAsync(page);
            }
            else
            {
                await Expect(page.Locator("[data-testid=login-error]")).ToContainTextAsync("Koden passer ikke.");
            }
        }

        var audit = await AuditAsync(app);
        Assert.Contains(audit, e => e.Action == AuditAction.TwoFactorEnabled && e.UserName == "birthe");
        Assert.Contains(audit, e => e.Action == AuditAction.RecoveryCodeUsed && e.After!.Contains("9 koder tilbage", StringComparison.Ordinal));
        Assert.Equal(3, audit.Count(e => e.Action == AuditAction.TwoFactorFailed));
        Assert.Contains(audit, e => e.Action == AuditAction.SignedIn && e.After!.Contains("med adgangskode og tofaktor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IdlePage_WarnsInDanish_ContinuesOnClick_ThenSignsOut()
    {
        await using var app = new AppFactory(new()
        {
            ["Erhvervsdialog:SignIn:IdleTimeout"] = "00:00:20",
            ["Erhvervsdialog:SignIn:Warning"] = "00:00:08",
        });
        app.Start();
        await app.CreateUserAsync("søren", Roles.Consultant, Password);
        var page = await browser.NewPageAsync(app.BaseUrl);
        await page.SignInAsync("søren", Password);

        var warning = page.Locator("[data-testid=session-warning]");
        await Expect(warning).ToContainTextAsync("Du har ikke brugt Erhvervsdialog i et stykke tid og bliver logget ud kl.", new() { Timeout = 30_000 });
        await page.ScreenshotAsync("63-session-idle-warning");
        await page.ClickAsync("[data-testid=session-stay]");
        await Expect(warning).ToHaveCountAsync(0);

        await Expect(page).ToHaveURLAsync(new Regex("/log-ind\\?udlogget=inaktiv$"), new() { Timeout = 40_000 });
        await Expect(page.Locator("[data-testid=login-notice]")).ToContainTextAsync("Du er logget ud, fordi du ikke har brugt Erhvervsdialog");
        await page.GotoAsync("/virksomheder");
        await Expect(page).ToHaveURLAsync(new Regex("/log-ind"));
        Assert.Contains(await AuditAsync(app), e => e.Action == AuditAction.SignedOut && e.After!.Contains("ikke brugt i for lang tid", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SigningOut_EndsTheSameUsersSessionInAnotherBrowser()
    {
        await using var app = new AppFactory(new() { ["Erhvervsdialog:SignIn:RevalidationInterval"] = "00:00:02" });
        app.Start();
        await app.CreateUserAsync("søren", Roles.Consultant, Password);
        var office = await browser.NewPageAsync(app.BaseUrl);
        var laptop = await browser.NewPageAsync(app.BaseUrl);
        await office.SignInAsync("søren", Password);
        await laptop.SignInAsync("søren", Password);
        await laptop.GotoAsync("/virksomheder");
        await laptop.WaitForInteractiveAsync();

        await SignOutAsync(office);

        // The other browser's open page leaves within the revalidation interval, and its cookie no longer works once it is
        // next checked (at most the same interval after its last renewal).
        await Expect(laptop).ToHaveURLAsync(new Regex("/log-ind"), new() { Timeout = 20_000 });
        var deadline = DateTime.UtcNow.AddSeconds(15);
        do
        {
            await laptop.GotoAsync("/virksomheder");
        }
        while (!laptop.Url.Contains("/log-ind", StringComparison.Ordinal) && DateTime.UtcNow < deadline && await Pause());
        await Expect(laptop).ToHaveURLAsync(new Regex("/log-ind"));
        await Expect(laptop.GetByRole(AriaRole.Heading, new() { Name = "Log ind" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task FailuresFromOneAddress_StopThatAddress_NotTheAccount_WithOneMessageForEveryFailure()
    {
        await using var app = new AppFactory(new()
        {
            ["Erhvervsdialog:Proxy:KnownProxies:0"] = "127.0.0.1",
            ["Erhvervsdialog:SignIn:FailuresPerAddress"] = "5",
        });
        app.Start();
        await app.CreateUserAsync("lærke", Roles.CaseWorker, Password);
        var gone = await app.CreateUserAsync("gammel", Roles.CaseWorker, Password);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            var user = await users.FindByIdAsync(gone.UserId);
            user!.IsActive = false;
            await users.UpdateAsync(user);
        }
        async Task<IPage> FromAsync(string address)
        {
            var context = await browser.Browser.NewContextAsync(new()
            {
                BaseURL = app.BaseUrl, Locale = "da-DK", ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Forwarded-For"] = address },
            });
            context.SetDefaultTimeout(30_000);
            return await context.NewPageAsync();
        }
        var attacker = await FromAsync("203.0.113.5");

        var messages = new List<string>();
        foreach (var (name, password) in new[] { ("ukendt", Password), ("gammel", Password), ("lærke", "forkert 1"), ("lærke", "forkert 2"), ("lærke", "forkert 3") })
        {
            await SignInFormAsync(attacker, name, password);
            messages.Add(await attacker.Locator("[data-testid=login-error]").InnerTextAsync());
        }
        // Unknown, deactivated and wrong password: one message. Then the address is stopped, even with the right password.
        Assert.Single(messages.Distinct());
        Assert.StartsWith(SignInFailed, messages[0]);
        await SignInFormAsync(attacker, "lærke", Password);
        await Expect(attacker.Locator("[data-testid=login-error]")).ToContainTextAsync(SignInFailed);
        await attacker.ScreenshotAsync("64-sign-in-refused");

        var colleague = await FromAsync("203.0.113.6");
        await colleague.SignInAsync("lærke", Password);
        await Expect(colleague.Locator("[data-testid=signed-in-user]")).ToHaveTextAsync("Test lærke");

        var audit = await AuditAsync(app);
        Assert.Equal(5, audit.Count(e => e.Action == AuditAction.SignInFailed && e.After!.StartsWith("fra 203.0.113.5", StringComparison.Ordinal)));
        Assert.Contains(audit, e => e.Action == AuditAction.SignInFailed && e.Subject == "Ukendt brugernavn");
        Assert.DoesNotContain(audit, e => e.Subject.Contains("ukendt\"", StringComparison.Ordinal) || e.UserName == "ukendt");
        Assert.Contains(audit, e => e.Action == AuditAction.SignInRefused && e.After!.Contains("for mange mislykkede forsøg", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == AuditAction.SignedIn && e.UserName == "lærke" && e.After!.StartsWith("fra 203.0.113.6", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AdministratorsReset_MakesTheUserChooseTheirOwnPassword_BeforeAnythingElse()
    {
        await using var app = new AppFactory();
        app.Start();
        var admin = await app.CreateUserAsync("admin", Roles.Administrator, Password);
        var worker = await app.CreateUserAsync("lærke", Roles.CaseWorker, Password);
        var row = (await app.Services.GetRequiredService<ListUsers>().HandleAsync(admin)).Single(u => u.Id == worker.UserId);
        var reset = await app.Services.GetRequiredService<SaveUser>().HandleAsync(new SaveUserCommand
        {
            Id = row.Id, UserName = row.UserName, FullName = row.FullName, Password = "midlertidig kode 2026", Roles = row.Roles,
        }, admin);
        Assert.True(reset.Succeeded);
        var page = await browser.NewPageAsync(app.BaseUrl);

        await SignInFormAsync(page, "lærke", "midlertidig kode 2026");
        await Expect(page).ToHaveURLAsync(new Regex("/konto/adgangskode"));
        await Expect(page.Locator("[data-testid=password-forced]")).ToContainTextAsync("En administrator har sat din adgangskode.");
        await page.FillAsync("#current", "midlertidig kode 2026");
        await page.FillAsync("#new", "1qaz2wsx3edc");
        await page.FillAsync("#confirm", "1qaz2wsx3edc");
        await page.ClickAsync("[data-testid=change-password]");
        await Expect(page.GetByText("Adgangskoden er for almindelig", new() { Exact = false })).ToBeVisibleAsync();
        await page.ScreenshotAsync("65-change-password-common");

        await page.FillAsync("#current", "midlertidig kode 2026");
        await page.FillAsync("#new", "lærkes egen lange sætning");
        await page.FillAsync("#confirm", "lærkes egen lange sætning");
        await page.ClickAsync("[data-testid=change-password]");
        await page.WaitForInteractiveAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("/konto"));
        await SignOutAsync(page);
        await page.SignInAsync("lærke", "lærkes egen lange sætning");
    }
}
