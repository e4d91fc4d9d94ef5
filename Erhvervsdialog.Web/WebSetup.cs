using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Erhvervsdialog.Core;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Web.Api;
using Erhvervsdialog.Web.Components;
using Erhvervsdialog.Web.Components.Account;
using Erhvervsdialog.Web.Components.Pages.Contacts;
using Erhvervsdialog.Web.Components.Pages.Meetings;
using Erhvervsdialog.Web.Components.Pages.Reports;
using Erhvervsdialog.Web.Components.Pages.Surveys;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.RateLimiting;
using MudBlazor.Services;

namespace Erhvervsdialog.Web;

/// <summary>Everything Program.cs sets up, in one place the tests' host uses too.</summary>
public static class WebSetup
{
    public const string SurveyPageRateLimit = "survey-page";

    /// <summary>The data folder: <c>Erhvervsdialog:DataFolder</c>, default <c>data</c> beside the app.</summary>
    public static string DataFolder(WebApplicationBuilder builder) =>
        Path.GetFullPath(builder.Configuration["Erhvervsdialog:DataFolder"] ?? "data", builder.Environment.ContentRootPath);

    public static void AddErhvervsdialogWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var dataFolder = DataFolder(builder);
        // Personal data and keys: the folder is for the app's own account only.
        OwnerOnly.Folder(dataFolder);
        // Held until the app stops (DatabaseStartup takes it, so the container disposes it); a second instance on this
        // folder stops here.
        var folderLock = DataFolderLock.Acquire(dataFolder);
        services.AddSingleton(_ => folderLock);
        var database = DatabaseSettings.From(builder.Configuration, dataFolder);
        services.AddErhvervsdialogCore(database, builder.Configuration, dataFolder);
        services.AddHangfire(hangfire =>
        {
            hangfire.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (database.IsSqlite)
            {
                // Its own file beside the app's database; one Hangfire server per file (see docs/decisions). A killed
                // app's locks run out after 10 s (held ones are renewed every 2 s), so a restart is not held up long.
                hangfire.UseSQLiteStorage(Path.Combine(dataFolder, "hangfire.db"), new SQLiteStorageOptions
                {
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                    DistributedLockLifetime = TimeSpan.FromSeconds(10),
                });
            }
            else
            {
                // In the app's PostgreSQL database (schema "hangfire"), shared by every node's Hangfire server.
                hangfire.UsePostgreSqlStorage(storage => storage.UseNpgsqlConnection(database.ConnectionString),
                    new PostgreSqlStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1), PrepareSchemaIfNecessary = true });
            }
        });
        services.AddHangfireServer(options =>
        {
            options.WorkerCount = 4;
            // A job cut off by shutdown is safe: the sweep re-queues it and the claim stops a second send.
            options.StopTimeout = TimeSpan.FromSeconds(2);
            options.ShutdownTimeout = TimeSpan.FromSeconds(10);
        });
        // The sign-in key ring: with SQLite, one node, in files beside the database, so a restart does not sign everybody
        // out (owner-only, and encrypted with a certificate when one is configured). With PostgreSQL in the database, so
        // every node reads the same keys and a user's cookie works on whichever node the proxy picks after a failure.
        var keyRing = services.AddDataProtection().SetApplicationName("Erhvervsdialog");
        if (database.IsSqlite)
        {
            keyRing.PersistKeysToFileSystem(new DirectoryInfo(OwnerOnly.Folder(Path.Combine(dataFolder, "keys"))));
        }
        else
        {
            keyRing.PersistKeysToDbContext<ErhvervsdialogDbContext>();
            // Survey links must verify on every node: the key cannot be a file in one node's data folder.
            if (string.IsNullOrWhiteSpace(builder.Configuration["Erhvervsdialog:Surveys:TokenKey"]))
            {
                throw new SettingsException("Med PostgreSQL skal Erhvervsdialog:Surveys:TokenKey være sat (32 tilfældige bytes i base64, " +
                    "den samme på alle noder), ellers virker et svarlink kun på den node, der lavede det. Lav en med: openssl rand -base64 32");
            }
        }
        if (builder.Configuration["Erhvervsdialog:KeyProtection:Certificate"] is { Length: > 0 } certificatePath)
        {
            var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                Path.GetFullPath(certificatePath, builder.Environment.ContentRootPath), builder.Configuration["Erhvervsdialog:KeyProtection:CertificatePassword"]);
            keyRing.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }

        // A page's prerendered data ([PersistentState]) travels back to the server when its circuit starts, in one
        // SignalR message: Overblik for a manager with a full year of answers is over SignalR's default 32 KB, and the
        // circuit then never started. 256 KB is ample for the app's pages and still bounds what a client can send.
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 256 * 1024);
        services.AddMudServices(config =>
            config.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
        services.AddTransient<MudBlazor.MudLocalizer, DanishMudLocalizer>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<Erhvervsdialog.Web.Components.Shared.ContactNotifier>();

        builder.AddErhvervsdialogSignIn();
        // The demo is for looking around: its director and administrator need no authenticator app unless configured.
        var demo = builder.Configuration.GetValue<bool>("Erhvervsdialog:Demo") || Environment.GetCommandLineArgs().Contains("--demo", StringComparer.Ordinal);
        if (demo && builder.Configuration[$"{SignInSettings.Section}:{nameof(SignInSettings.TwoFactorRoles)}"] is null)
        {
            services.PostConfigure<SignInSettings>(settings => settings.TwoFactorRoles = "");
        }
        var authorization = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        // Pages and endpoints name a policy from Core's table; use cases check the same table through Actor.Demand.
        foreach (var (name, rule) in Policies.Table)
        {
            authorization.AddPolicy(name, policy => policy.RequireRole(rule.Roles));
        }

        // Behind a TLS proxy: X-Forwarded-For/-Proto are believed only from the proxies configured, so the rate limits see
        // the client and the app knows the request was HTTPS.
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in builder.Configuration.GetSection("Erhvervsdialog:Proxy:KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        services.AddHostedService<DatabaseStartup>();
        services.AddProblemDetails();
        services.AddContactsApi(builder.Configuration);
        // The public survey page: per client address, enough for a person, not for a script guessing links.
        var surveyPerMinute = builder.Configuration.GetValue("Erhvervsdialog:Surveys:PageRequestsPerMinute", 60);
        services.Configure<RateLimiterOptions>(options => options.AddPolicy(SurveyPageRateLimit, context =>
            RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "?",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = surveyPerMinute, Window = TimeSpan.FromMinutes(1) })));
        services.AddHealthChecks().AddDbContextCheck<ErhvervsdialogDbContext>("database");

        CultureInfo.DefaultThreadCurrentCulture = DanishTime.Culture;
        CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.GetCultureInfo("da-DK");
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(DanishTime.Culture, CultureInfo.GetCultureInfo("da-DK"));
            options.SupportedCultures = [DanishTime.Culture];
            options.SupportedUICultures = [CultureInfo.GetCultureInfo("da-DK")];
            options.RequestCultureProviders.Clear();
        });
    }

    public static void UseErhvervsdialogWeb(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseSecurityHeaders(SecurityHeaders.Policy);
        app.Use(SecurityHeaders.NoStoreUnlessCached);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/fejl", createScopeForErrors: true);
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseRequestLocalization();
        app.UseStatusCodePagesWithReExecute("/ikke-fundet", createScopeForStatusCodePages: true);
        // The intake API answers its own problem details for every error (ContactsApi), never the HTML "not found" page.
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api") && context.Features.Get<IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }
            return next(context);
        });
        app.UseAuthentication();
        app.UseAccountGate();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapSmsWebhook();
        app.MapContactsApi();
        app.MapContactExport();
        app.MapResultsExport();
        app.MapCalendarEndpoints();
        app.MapReportEndpoints();
        // The dashboard's own filter would allow only local requests; the endpoint requires an Administrator instead.
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [], AppPath = "/", DisplayStorageConnectionString = false })
            .RequireAuthorization(Policies.Administer);
    }
}
