using System.Globalization;
using System.Security.Claims;
using Erhvervsdialog.Core.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Web.Components.Account;

/// <summary>
/// Sign-in and sessions: Identity's cookies with an idle timeout and an absolute lifetime, the security stamp checked
/// every <see cref="SignInSettings.RevalidationInterval"/>, single sign-on with OpenID Connect when configured, and the
/// gate that keeps a user who must change their password or enrol in two-factor away from everything else.
/// </summary>
public static class SignInSetup
{
    /// <summary>When the session began, in the cookie's properties (the truth) and as a claim an open page can read.</summary>
    public const string SignedInAtClaim = "erhvervsdialog_signed_in_at";
    public const string ActivityPath = "/konto/aktiv";

    public static void AddErhvervsdialogSignIn(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var settings = builder.Configuration.GetSection(SignInSettings.Section).Get<SignInSettings>() ?? new SignInSettings();
        var development = builder.Environment.IsDevelopment();
        services.AddSingleton<SignInThrottle>();

        var authentication = services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            });
        authentication.AddIdentityCookies();
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/log-ind";
            options.LogoutPath = "/log-ud";
            options.AccessDeniedPath = "/ingen-adgang";
            // In production (behind TLS) the cookie is Secure and host-only: the __Host- prefix makes the browser enforce both.
            options.Cookie.Name = development ? "Erhvervsdialog.Auth" : "__Host-Erhvervsdialog.Auth";
            options.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            options.Cookie.Path = "/";
            options.Cookie.SameSite = SameSiteMode.Lax;
            // Idle timeout: the cookie lives this long after the last use (page loads, and an open page's activity pings).
            options.ExpireTimeSpan = settings.IdleTimeout;
            options.SlidingExpiration = true;
            options.Events.OnSigningIn = StampSignInTime;
            options.Events.OnValidatePrincipal = ValidateAsync;
        });
        services.Configure<SecurityStampValidatorOptions>(options =>
        {
            // Requests outside a circuit (page loads) re-check the security stamp as often as open circuits do.
            options.ValidationInterval = settings.RevalidationInterval;
            options.OnRefreshingPrincipal = context =>
            {
                var identity = (ClaimsIdentity)context.NewPrincipal!.Identity!;
                foreach (var type in new[] { SignedInAtClaim, ClaimTypes.AuthenticationMethod, "amr" })
                {
                    if (context.CurrentPrincipal?.FindFirst(type) is { } claim && identity.FindFirst(type) is null)
                    {
                        identity.AddClaim(new Claim(type, claim.Value));
                    }
                }
                return Task.CompletedTask;
            };
        });

        var sso = builder.Configuration.GetSection(SingleSignOnOptions.Section).Get<SingleSignOnOptions>() ?? new SingleSignOnOptions();
        if (sso.Enabled)
        {
            authentication.AddOpenIdConnect(SingleSignOnOptions.Scheme, sso.ButtonText, options =>
            {
                options.SignInScheme = IdentityConstants.ExternalScheme;
                options.Authority = sso.Authority;
                options.ClientId = sso.ClientId;
                options.ClientSecret = sso.ClientSecret;
                options.ResponseType = "code";
                options.UsePkce = true;
                // The answer comes back as a top-level GET, so the correlation cookies can stay SameSite=Lax.
                options.ResponseMode = "query";
                options.Scope.Clear();
                foreach (var scope in sso.Scopes)
                {
                    options.Scope.Add(scope);
                }
                options.MapInboundClaims = false;
                options.SaveTokens = false;
                options.RequireHttpsMetadata = sso.RequireHttpsMetadata;
                options.CallbackPath = "/signin-oidc";
                options.TokenValidationParameters.NameClaimType = "name";
                options.BackchannelTimeout = TimeSpan.FromSeconds(20);
                foreach (var cookie in new[] { options.CorrelationCookie, options.NonceCookie })
                {
                    cookie.SameSite = SameSiteMode.Lax;
                    cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                }
                options.Events.OnRemoteFailure = context =>
                {
                    context.Response.Redirect("/log-ind?sso=fejl");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        }
    }

    private static Task StampSignInTime(CookieSigningInContext context)
    {
        // A refreshed sign-in (new password, two-factor switched on) keeps the original time: the lifetime is absolute.
        if (!context.Properties.Items.TryGetValue(SignedInAtClaim, out var at) || at is null)
        {
            at = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            context.Properties.Items[SignedInAtClaim] = at;
        }
        if (context.Principal?.Identity is ClaimsIdentity identity && identity.FindFirst(SignedInAtClaim) is null)
        {
            identity.AddClaim(new Claim(SignedInAtClaim, at));
        }
        return Task.CompletedTask;
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        await SecurityStampValidator.ValidatePrincipalAsync(context);
        if (context.Principal is null)
        {
            return;
        }
        var services = context.HttpContext.RequestServices;
        var settings = services.GetRequiredService<IOptions<SignInSettings>>().Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (!context.Properties.Items.TryGetValue(SignedInAtClaim, out var at) || SessionEnds(at, settings) <= now)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        // An open page's activity ping renews the cookie every time, not only past half its life. Renewing resets the time
        // the security stamp is next checked, so the ping checks it first: signed out elsewhere stays signed out.
        if (context.HttpContext.Request.Path.Equals(ActivityPath, StringComparison.OrdinalIgnoreCase))
        {
            var signInManager = services.GetRequiredService<SignInManager<AppUser>>();
            if (await signInManager.ValidateSecurityStampAsync(context.Principal) is not { IsActive: true })
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                return;
            }
            context.ShouldRenew = true;
        }
    }

    /// <summary>When a session that began at <paramref name="signedInAt"/> ends however active it is.</summary>
    public static DateTimeOffset SessionEnds(string? signedInAt, SignInSettings settings) =>
        DateTimeOffset.TryParse(signedInAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at + settings.AbsoluteLifetime
            : DateTimeOffset.MinValue;

    /// <summary>
    /// A user who must choose a new password or enrol in two-factor sees only their account pages until it is done;
    /// open circuits and downloads are refused meanwhile.
    /// </summary>
    public static void UseAccountGate(this WebApplication app) => app.Use(async (context, next) =>
    {
        var pending = context.User.FindFirstValue(AppClaimsPrincipalFactory.PendingClaim);
        var path = context.Request.Path;
        if (pending is null || path.StartsWithSegments("/konto") || path.StartsWithSegments("/log-ud")
            || path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content") || Path.HasExtension(path.Value))
        {
            await next(context);
            return;
        }
        if (path.StartsWithSegments("/_blazor") || path.StartsWithSegments("/api") || !HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        var target = pending == AppClaimsPrincipalFactory.PendingPassword ? "/konto/adgangskode" : "/konto/tofaktor";
        context.Response.Redirect($"{target}?ReturnUrl={Uri.EscapeDataString(context.Request.Path + context.Request.QueryString)}");
    });
}
