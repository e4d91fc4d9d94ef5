using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Erhvervsdialog.Tests.Support;

/// <summary>
/// A real OpenID Connect provider (OpenIddict's server: discovery, signed ID tokens, authorization code with PKCE, a
/// confidential client) on a loopback port, standing in for Entra ID or Keycloak. Its sign-in page lets the browser
/// pick one of the configured people; their groups travel in the ID token's "groups" claim.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "erhvervsdialog";
    public const string ClientSecret = "test-klienthemmelighed";

    public sealed record Person(string Subject, string UserName, string Name, string Email, string[] Groups);

    private readonly WebApplication _app;
    private readonly string _database;

    private TestIdentityProvider(WebApplication app, string database)
    {
        _app = app;
        _database = database;
    }

    public string Authority { get; private set; } = "";

    public static async Task<TestIdentityProvider> StartAsync(params Person[] people)
    {
        var database = Path.Combine(Path.GetTempPath(), $"erhvervsdialog-idp-{Guid.NewGuid():N}.db");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDbContext<ProviderDb>(options =>
        {
            options.UseSqlite($"Data Source={database}");
            options.UseOpenIddict();
        });
        builder.Services.AddAuthentication("idp").AddCookie("idp", options => options.Cookie.Name = "idp-session");
        builder.Services.AddOpenIddict()
            .AddCore(options => options.UseEntityFrameworkCore().UseDbContext<ProviderDb>())
            .AddServer(options =>
            {
                options.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
                options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                options.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email);
                options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                options.DisableAccessTokenEncryption();
                options.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            });
        var app = builder.Build();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ProviderDb>().Database.EnsureCreatedAsync();
        }
        app.UseAuthentication();

        app.MapMethods("/connect/authorize", ["GET", "POST"], async (HttpContext http) =>
        {
            var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
            var session = await http.AuthenticateAsync("idp");
            if (!session.Succeeded)
            {
                return Results.Redirect($"/login?returnUrl={Uri.EscapeDataString(http.Request.Path + http.Request.QueryString)}");
            }
            var person = people.Single(p => p.Subject == session.Principal!.FindFirst(Claims.Subject)!.Value);
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, person.Subject).SetClaim(Claims.Name, person.Name)
                .SetClaim(Claims.Email, person.Email).SetClaim(Claims.PreferredUsername, person.UserName)
                .SetClaims("groups", [.. person.Groups]);
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        app.MapGet("/login", (string returnUrl) => Results.Content(
            "<!DOCTYPE html><html lang=\"da\"><head><meta charset=\"utf-8\"><title>Kommunens log-ind</title></head><body>" +
            "<h1>Kommunens log-ind (test)</h1>" + string.Concat(people.Select(p =>
                $"<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"subject\" value=\"{HtmlEncoder.Default.Encode(p.Subject)}\">" +
                $"<input type=\"hidden\" name=\"returnUrl\" value=\"{HtmlEncoder.Default.Encode(returnUrl)}\">" +
                $"<button type=\"submit\">{HtmlEncoder.Default.Encode(p.Name)}</button></form>")) +
            "</body></html>", "text/html; charset=utf-8"));
        app.MapPost("/login", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            var person = people.Single(p => p.Subject == form["subject"]);
            var identity = new ClaimsIdentity([new Claim(Claims.Subject, person.Subject)], "idp");
            await http.SignInAsync("idp", new ClaimsPrincipal(identity));
            var returnUrl = form["returnUrl"].ToString();
            return Results.Redirect(returnUrl.StartsWith("/connect/authorize", StringComparison.Ordinal) ? returnUrl : "/");
        });

        await app.StartAsync();
        var provider = new TestIdentityProvider(app, database)
        {
            Authority = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/",
        };
        return provider;
    }

    /// <summary>Registers the app as a confidential client with its callback address.</summary>
    public async Task RegisterClientAsync(string appBaseUrl)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        await manager.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            ConsentType = ConsentTypes.Implicit,
            RedirectUris = { new Uri($"{appBaseUrl.TrimEnd('/')}/signin-oidc") },
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
                Permissions.Scopes.Email, Permissions.Scopes.Profile,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        });
    }

    /// <summary>The settings that point the app at this provider, with the group → role mappings.</summary>
    public Dictionary<string, string> AppSettings(Dictionary<string, string> roleMappings)
    {
        var settings = new Dictionary<string, string>
        {
            ["Erhvervsdialog:SingleSignOn:Authority"] = Authority,
            ["Erhvervsdialog:SingleSignOn:ClientId"] = ClientId,
            ["Erhvervsdialog:SingleSignOn:ClientSecret"] = ClientSecret,
            ["Erhvervsdialog:SingleSignOn:RequireHttpsMetadata"] = "false",
            ["Erhvervsdialog:SingleSignOn:ButtonText"] = "Log ind med Helsingør Kommune",
        };
        foreach (var (group, role) in roleMappings)
        {
            settings[$"Erhvervsdialog:SingleSignOn:RoleMappings:{group}"] = role;
        }
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_database);
    }

    private sealed class ProviderDb(DbContextOptions<ProviderDb> options) : DbContext(options);
}
