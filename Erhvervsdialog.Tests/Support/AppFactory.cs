using System.Net;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Tests.Support;

/// <summary>The real app on a loopback port (Kestrel), with its own empty data folder.</summary>
public sealed class AppFactory(Dictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), $"erhvervsdialog-e2e-{Guid.NewGuid():N}");

    public string BaseUrl { get; private set; } = "";

    public void Start()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseShutdownTimeout(TimeSpan.FromSeconds(10));
        builder.UseSetting("Erhvervsdialog:DataFolder", _dataFolder);
        // Journeys about other features sign in with a password only; SignInJourneyTests turn two-factor on.
        builder.UseSetting("Erhvervsdialog:SignIn:TwoFactorRoles", "");
        foreach (var (key, value) in settings ?? [])
        {
            builder.UseSetting(key, value);
        }
    }

    public async Task<Actor> CreateUserAsync(string userName, string role, string password, string? email = null)
    {
        var result = await Services.GetRequiredService<SaveUser>().SeedAsync(new SaveUserCommand
        {
            UserName = userName, FullName = $"Test {userName}", Password = password, Roles = [role], Email = email,
        });
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        return new Actor(result.Id!, userName, new HashSet<string> { role });
    }

    /// <summary>A client with the sign-in cookie, signed in through the real form (antiforgery token included).</summary>
    public async Task<HttpClient> SignedInClientAsync(string userName, string password)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(BaseUrl),
        };
        var form = await client.GetStringAsync("/log-ind");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        using var posted = await client.PostAsync("/log-ind", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.UserName"] = userName, ["Input.Password"] = password,
        }));
        Assert.True(posted.StatusCode == HttpStatusCode.Redirect && posted.Headers.Location is { } to
            && new Uri(client.BaseAddress, to).AbsolutePath == "/",
            $"{userName} could not sign in: {(int)posted.StatusCode} {posted.Headers.Location}");
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        catch (OperationCanceledException)
        {
            // Hangfire.Storage.SQLite's server sometimes waits on one of its own storage locks past the shutdown
            // timeout (known upstream lock issues). The test is over by then; only the teardown is cut short.
        }
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataFolder))
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }
}
