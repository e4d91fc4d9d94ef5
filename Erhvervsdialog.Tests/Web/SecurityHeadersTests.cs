using System.Net;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Erhvervsdialog.Tests.Web;

/// <summary>The headers a public authority's app is audited for, on the real app, and the app still working under its CSP.</summary>
[Collection(BrowserCollection.Name)]
public class SecurityHeadersTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Password = "konsulentens kodeord";
    private readonly AppFactory _app = new();
    private HttpClient _http = default!;

    public async Task InitializeAsync()
    {
        _app.Start();
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_app.BaseUrl) };
        await _app.CreateUserAsync("søren", Roles.Consultant, Password);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values) : "";

    [Theory]
    [InlineData("/")]
    [InlineData("/log-ind")]
    [InlineData("/s/ukendt-link-der-ikke-findes-abcdefghijklmnopqrstuvwxyz0123")]
    [InlineData("/api/v1/contacts")]
    public async Task EveryResponse_CarriesTheSecurityHeaders_AndIsNotStored(string path)
    {
        var response = await _http.GetAsync(path);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"));
        Assert.Equal("", Header(response, "Server"));
        Assert.Contains("no-store", Header(response, "Cache-Control"));
    }

    [Fact]
    public async Task StaticFiles_KeepTheirOwnCaching()
    {
        var page = await _http.GetStringAsync("/log-ind");
        var script = System.Text.RegularExpressions.Regex.Match(page, "src=\"(_framework/blazor\\.web[^\"]*\\.js)\"").Groups[1].Value;
        Assert.NotEmpty(script);

        var response = await _http.GetAsync("/" + script);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual("no-store", Header(response, "Cache-Control"));
    }

    [Fact]
    public async Task SignOut_WithoutTheFormsAntiforgeryToken_IsRefused()
    {
        using var signedIn = await _app.SignedInClientAsync("søren", Password);

        var response = await signedIn.PostAsync("/log-ud", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task TheAppRunsUnderItsContentSecurityPolicy()
    {
        var page = await browser.NewPageAsync(_app.BaseUrl);
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };

        await page.SignInAsync("søren", Password);
        await page.GotoAsync("/virksomheder");
        await page.WaitForInteractiveAsync();
        await page.ClickAsync("[data-testid=new-company]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Ny virksomhed");
        await page.GotoAsync("/log-ind");

        Assert.Empty(violations);
    }
}
