using Microsoft.Playwright;

namespace Erhvervsdialog.Tests.Support;

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// Debian's Chromium driven by Playwright. A missing browser is a failure, never a skip: test.sh installs it.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public static string ScreenshotFolder
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Erhvervsdialog.sln")))
            {
                dir = dir.Parent;
            }
            var folder = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "test-output", "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium blev ikke fundet på {ChromiumPath}. Kør ./test.sh som root, eller installér pakken 'chromium'.");
        }
        // CI machines are slower than a workstation: wait up to 15 s for what a user would see, not Playwright's 5 s.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
    }

    private readonly List<(IBrowserContext Context, string BaseUrl)> _contexts = [];

    public async Task<IPage> NewPageAsync(string baseUrl, int width = 1280, int height = 900)
    {
        // The collection runs one test at a time, so pages of another app belong to a test that has finished: left open,
        // they would keep trying to reconnect to its stopped server and slow every later test down.
        foreach (var stale in _contexts.Where(c => c.BaseUrl != baseUrl).ToList())
        {
            await stale.Context.CloseAsync();
            _contexts.Remove(stale);
        }
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "da-DK",
            TimezoneId = "Europe/Copenhagen",
        });
        context.SetDefaultTimeout(30_000);
        _contexts.Add((context, baseUrl));
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}

public static class PageExtensions
{
    /// <summary>Waits until the Blazor circuit is up, so clicks reach the server.</summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("[data-interactive=true]").WaitForAsync();

    public static async Task SignInAsync(this IPage page, string userName, string password)
    {
        await page.GotoAsync("/log-ind");
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=sign-in]");
        try
        {
            await page.WaitForInteractiveAsync();
        }
        catch (TimeoutException)
        {
            // What the user saw instead, for whoever reads the failure.
            await page.ScreenshotAsync($"failed-sign-in-{userName}");
            throw new TimeoutException($"{userName} was not signed in to an interactive page; the browser shows {page.Url}.");
        }
    }

    public static Task ScreenshotAsync(this IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"),
            FullPage = true,
        });
}
