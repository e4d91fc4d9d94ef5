using System.Globalization;
using Erhvervsdialog.Core;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Demo;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Web.Components;
using Erhvervsdialog.Web.Components.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;

namespace Erhvervsdialog.Web;

/// <summary>Everything Program.cs sets up, in one place the tests' host uses too.</summary>
public static class WebSetup
{
    public static void AddErhvervsdialogWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var dataFolder = Path.GetFullPath(builder.Configuration["Erhvervsdialog:DataFolder"] ?? "data",
            builder.Environment.ContentRootPath);
        Directory.CreateDirectory(dataFolder);
        var connectionString = builder.Configuration.GetConnectionString("Erhvervsdialog")
            ?? $"Data Source={Path.Combine(dataFolder, "erhvervsdialog.db")}";

        services.AddErhvervsdialogCore(connectionString);
        // Keys for the auth cookie live beside the database, so a restart does not sign everybody out.
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataFolder, "keys")))
            .SetApplicationName("Erhvervsdialog");

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        services.AddScoped<CurrentUser>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/log-ind";
            options.LogoutPath = "/log-ud";
            options.AccessDeniedPath = "/ingen-adgang";
            options.Cookie.Name = "Erhvervsdialog.Auth";
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.ExpireTimeSpan = TimeSpan.FromHours(10);
        });
        // Requests outside a circuit (page loads) re-check the security stamp every minute too.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

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

    /// <summary>Applies migrations, creates the roles and, with --demo (Erhvervsdialog:Demo=true), seeds demo data.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await app.Services.GetRequiredService<DatabaseSetup>().MigrateAsync();
        var demo = app.Configuration.GetValue<bool>("Erhvervsdialog:Demo")
            || Environment.GetCommandLineArgs().Contains("--demo", StringComparer.Ordinal);
        if (demo)
        {
            var users = await app.Services.GetRequiredService<DemoData>().SeedIfEmptyAsync();
            if (users.Count > 0)
            {
                Console.WriteLine("Demodata er oprettet. Brugere (adgangskoderne vises kun denne ene gang):");
                foreach (var user in users)
                {
                    Console.WriteLine($"  {user.Role,-14} brugernavn: {user.UserName,-14} adgangskode: {user.Password}");
                }
            }
            else
            {
                Console.WriteLine("Databasen har allerede data; demodata er ikke oprettet igen.");
            }
        }
    }

    public static void UseErhvervsdialogWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/fejl", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseRequestLocalization();
        app.UseStatusCodePagesWithReExecute("/ikke-fundet", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        app.MapHealthChecks("/health").AllowAnonymous();
    }
}
