using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Erhvervsdialog.Core;
using Erhvervsdialog.Core.Api;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Erhvervsdialog.Tests.EndToEnd;

/// <summary>
/// Two app nodes on one PostgreSQL database behind Debian's nginx, configured as README says: both run Hangfire servers,
/// and a case system's contacts go round-robin to both, yet every survey reaches the SMTP server exactly once. A user
/// signed in through the proxy saves a company; the node holding their page is killed with SIGKILL; the page reconnects
/// (Blazor reloads it by itself once the other node answers that it has no such circuit, or the user reloads), lands on
/// the other node still signed in, and the company is there.
/// </summary>
[Collection(BrowserCollection.Name)]
public class TwoNodesTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string Password = "to noder bag nginx, én database";
    private const int Contacts = 40;

    [Fact]
    public async Task TwoNodesBehindNginx_SendEverySurveyOnce_AndAKilledNodesUserCarriesOnOnTheOther()
    {
        var database = await PostgreSqlTestServer.CreateEmptyDatabaseAsync();
        var folders = new[] { TempFolder("a"), TempFolder("b") };
        await using var smtp = new TestSmtpServer().Start();
        try
        {
            string key;
            await using (var services = new ServiceCollection().AddLogging()
                             .AddErhvervsdialogCore(new DatabaseSettings(DatabaseProvider.PostgreSql, database)).BuildServiceProvider())
            {
                await services.GetRequiredService<DatabaseSetup>().MigrateAsync();
                var admin = new Actor("setup", "setup", new HashSet<string> { Roles.Administrator });
                var unit = (await services.GetRequiredService<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Byggeri", ShortName = "BYG" }, admin)).Id;
                key = (await services.GetRequiredService<ApiKeys>().CreateAsync("ESDH", true, [unit], admin)).Key!;
                var user = await services.GetRequiredService<SaveUser>().SeedAsync(new SaveUserCommand
                {
                    UserName = "karen", FullName = "Karen Ødegaard", Password = Password, Roles = [Roles.Consultant],
                });
                Assert.True(user.Succeeded);
            }
            NpgsqlConnection.ClearAllPools();

            var tokenKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            var ports = new[] { TestSmtpServer.FreePort(), TestSmtpServer.FreePort() };
            using var nodeA = StartNode(ports[0], folders[0], database, tokenKey, smtp.Port);
            using var nodeB = StartNode(ports[1], folders[1], database, tokenKey, smtp.Port);
            foreach (var node in new[] { nodeA, nodeB })
            {
                using var direct = new HttpClient { BaseAddress = new Uri(node.BaseUrl) };
                Assert.True(await AppProcess.HealthyAsync(direct, TimeSpan.FromSeconds(90)), $"node {node.Port} did not start:\n{node.LogTail}");
            }
            await using var nginx = await new Nginx().StartAsync(ports);

            // A case system posts closed contacts through the proxy; both nodes take them and both Hangfire servers send.
            using var api = new HttpClient { BaseAddress = new Uri(nginx.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
            api.DefaultRequestHeaders.Add("X-Api-Key", key);
            for (var n = 0; n < Contacts; n++)
            {
                var response = await api.PostAsJsonAsync("/api/v1/contacts", new
                {
                    externalId = $"sag-{n}", cvr = Cvr(n), companyName = $"Nodetest {n} ApS", unit = "BYG", channel = "telefon", status = "afsluttet",
                    occurredAt = DateTimeOffset.UtcNow.AddHours(-2).ToString("O"), closedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"),
                    contactPerson = new { name = $"Kontakt {n}", email = $"kontakt{n}@noder.example" },
                });
                Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            var apiNodes = (await nginx.NodesThatAnsweredAsync("/api/")).Distinct().Order().ToList();
            Assert.Equal(ports.Order(), apiNodes);

            // The user signs in through the proxy and saves a company.
            var page = await browser.NewPageAsync(nginx.BaseUrl);
            await page.SignInAsync("karen", Password);
            await page.GotoAsync("/virksomheder/ny");
            await page.WaitForInteractiveAsync();
            await page.FillAsync("#cvr", "24256790");
            await page.FillAsync("#name", "Helsingør Værft & Søn ApS");
            await page.ClickAsync("[data-testid=save-company]");
            await Expect(page.Locator("[data-testid=company-name]")).ToHaveTextAsync("Helsingør Værft & Søn ApS");
            var companyUrl = page.Url;

            // Every survey reaches the SMTP server exactly once, although two Hangfire servers compete for the jobs.
            var waited = Stopwatch.StartNew();
            while (smtp.Received.Count < Contacts && waited.Elapsed < TimeSpan.FromSeconds(120))
            {
                await Task.Delay(500);
            }
            await Task.Delay(TimeSpan.FromSeconds(3)); // a second send would come now
            var recipients = smtp.Received.SelectMany(m => m.To.Mailboxes.Select(b => b.Address)).ToList();
            Assert.Equal(Contacts, recipients.Distinct().Count());
            Assert.Equal(Contacts, recipients.Count);
            Assert.Equal(2, await ScalarAsync(database, "SELECT count(*) FROM hangfire.server"));

            // The node holding the user's page dies.
            var circuitNode = (await nginx.NodesThatAnsweredAsync("/_blazor")).Last();
            var (dead, alive) = circuitNode == nodeA.Port ? (nodeA, nodeB) : (nodeB, nodeA);
            await page.EvaluateAsync("() => window.beforeTheKill = true");
            var killed = Stopwatch.StartNew();
            await dead.KillAsync();

            // The page tells the user it is reconnecting; when the other node answers that it has no such circuit, Blazor
            // reloads the page by itself (a user may press reload sooner). Either way it lands on the other node.
            var reconnectShown = false;
            var reloadedByItself = false;
            while (killed.Elapsed < TimeSpan.FromSeconds(30))
            {
                if (!reconnectShown && await page.Locator("#components-reconnect-modal").IsVisibleAsync())
                {
                    reconnectShown = true;
                    await page.ScreenshotAsync("two-nodes-1-reconnecting");
                }
                if (await ReloadedAsync(page))
                {
                    reloadedByItself = true;
                    break;
                }
                await Task.Delay(50);
            }
            if (!reloadedByItself)
            {
                await page.ReloadAsync();
            }
            await page.WaitForInteractiveAsync();
            var working = killed.Elapsed;
            Assert.True(reconnectShown || reloadedByItself, "after the kill the page neither showed the reconnect UI nor reloaded");
            Assert.Equal(companyUrl, page.Url);
            await Expect(page.Locator("[data-testid=company-name]")).ToHaveTextAsync("Helsingør Værft & Søn ApS");
            Assert.Equal(alive.Port, (await nginx.NodesThatAnsweredAsync("/_blazor")).Last());
            await page.ScreenshotAsync("two-nodes-2-on-the-other-node");

            // The case system carries on through the proxy too.
            var after = await api.PostAsJsonAsync("/api/v1/contacts", new
            {
                externalId = "sag-efter", cvr = Cvr(Contacts), companyName = "Efter nedbruddet ApS", unit = "BYG", channel = "telefon", status = "åben",
                occurredAt = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"),
            });
            Assert.True(after.IsSuccessStatusCode, $"{after.StatusCode}: {await after.Content.ReadAsStringAsync()}");

            output.WriteLine($"{Contacts} surveys sent once each by two nodes; kill -9 of the user's node → interactive on the other " +
                             $"node in {working.TotalMilliseconds:F0} ms (reconnect UI seen: {reconnectShown}; reloaded by itself: {reloadedByItself}).");
        }
        finally
        {
            await PostgreSqlTestServer.DropDatabaseAsync(database);
            foreach (var folder in folders.Where(Directory.Exists))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>
    /// Whether the page has reloaded since the kill (its mark is gone). A reload that starts while the check runs
    /// destroys the check's context: that too is the reload.
    /// </summary>
    private static async Task<bool> ReloadedAsync(IPage page)
    {
        try
        {
            return await page.EvaluateAsync<bool>("() => window.beforeTheKill !== true");
        }
        catch (PlaywrightException ex) when (ex.Message.Contains("Execution context was destroyed", StringComparison.Ordinal))
        {
            return true;
        }
    }

    private static string TempFolder(string node) => Path.Combine(Path.GetTempPath(), $"erhvervsdialog-node-{node}-{Guid.NewGuid():N}");

    private static string Cvr(int n) => Erhvervsdialog.Core.Companies.CvrNumber.MadeUp(n);

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>One node as README's "Run two nodes behind nginx" configures it.</summary>
    private static AppProcess StartNode(int port, string folder, string database, string tokenKey, int smtpPort) =>
        AppProcess.Start(port, new Dictionary<string, string>
        {
            // Development serves the static files from the build output (Production needs `dotnet publish`).
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Erhvervsdialog__DataFolder"] = folder,
            ["Erhvervsdialog__Database__Provider"] = "PostgreSql",
            ["ConnectionStrings__Erhvervsdialog"] = database,
            ["Erhvervsdialog__Surveys__TokenKey"] = tokenKey,
            ["Erhvervsdialog__Surveys__SendDelay"] = "00:00:00",
            ["Erhvervsdialog__Proxy__KnownProxies__0"] = "127.0.0.1",
            ["Erhvervsdialog__SignIn__TwoFactorRoles"] = "",
            ["Erhvervsdialog__Messaging__Smtp__Host"] = "127.0.0.1",
            ["Erhvervsdialog__Messaging__Smtp__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
            ["Erhvervsdialog__Messaging__Smtp__Security"] = "None",
            ["Erhvervsdialog__Messaging__Smtp__From"] = "erhverv@kommune.dk",
            ["Logging__LogLevel__Default"] = "Warning",
        });
}
