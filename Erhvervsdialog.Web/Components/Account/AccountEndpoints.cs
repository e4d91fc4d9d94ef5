using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Web.Components.Account;

internal static class AccountEndpoints
{
    /// <summary>The sign-out form's reasons when an open page signs itself out; without one, the user chose to sign out.</summary>
    public const string ReasonIdle = "inaktiv";
    public const string ReasonExpired = "udloebet";

    public static void MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // A form post whose antiforgery token is checked, so no other site can sign a user out. Signing out on purpose ends
        // every session of the user (new security stamp): other browsers at the next check, open pages within a minute.
        endpoints.MapPost("/log-ud", async (HttpContext http, IAntiforgery antiforgery, SignInManager<AppUser> signInManager,
            AccountSecurity accounts) =>
        {
            var reason = http.Request.HasFormContentType ? http.Request.Form["aarsag"].ToString() : "";
            reason = reason is ReasonIdle or ReasonExpired ? reason : "";
            var back = reason == "" ? "~/log-ind" : $"~/log-ind?udlogget={reason}";
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                // An open page signing itself out when its cookie has just expired: the token was for the signed-in user,
                // and there is nobody left to sign out.
                if (http.User.Identity?.IsAuthenticated != true)
                {
                    return Results.LocalRedirect(back);
                }
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Ugyldig formular",
                    detail: "Log ud fra Erhvervsdialogs egen knap.");
            }
            if (await signInManager.UserManager.GetUserAsync(http.User) is { } user)
            {
                if (reason == "")
                {
                    await signInManager.UserManager.UpdateSecurityStampAsync(user);
                }
                await accounts.RecordAsync(AuditAction.SignedOut, user, SignInThrottle.AddressOf(http), reason switch
                {
                    ReasonIdle => "ikke brugt i for lang tid",
                    ReasonExpired => "sessionens længste levetid nået",
                    _ => "alle brugerens sessioner afsluttet",
                });
            }
            await signInManager.SignOutAsync();
            return Results.LocalRedirect(back);
        }).AllowAnonymous().DisableAntiforgery();

        // An open page reports that its user is active: the cookie is renewed (SignInSetup), so the idle timeout counts
        // from the last click, not from the last page load. The answer is when the renewed cookie ends.
        endpoints.MapGet(SignInSetup.ActivityPath, (HttpContext http, TimeProvider clock, IOptions<SignInSettings> settings) =>
            http.User.Identity?.IsAuthenticated == true
                ? Results.Json(new { until = clock.GetUtcNow() + settings.Value.IdleTimeout })
                : Results.Unauthorized()).AllowAnonymous();

        endpoints.MapGet("/log-ind/sso", (HttpContext http, IOptions<SingleSignOnOptions> sso, string? returnUrl) =>
        {
            if (!sso.Value.Enabled)
            {
                return Results.NotFound();
            }
            var back = $"/log-ind/sso/retur?ReturnUrl={Uri.EscapeDataString(SafeReturnUrl(returnUrl))}";
            return Results.Challenge(new AuthenticationProperties { RedirectUri = back }, [SingleSignOnOptions.Scheme]);
        }).AllowAnonymous();

        endpoints.MapGet("/log-ind/sso/retur", async (HttpContext http, IOptions<SingleSignOnOptions> sso, SingleSignOnUsers ssoUsers,
            SignInManager<AppUser> signInManager, string? returnUrl) =>
        {
            var external = await http.AuthenticateAsync(IdentityConstants.ExternalScheme);
            await http.SignOutAsync(IdentityConstants.ExternalScheme);
            var principal = external.Principal;
            var subject = principal?.FindFirst(sso.Value.SubjectClaim)?.Value;
            if (!external.Succeeded || principal is null || string.IsNullOrEmpty(subject))
            {
                return Results.LocalRedirect("~/log-ind?sso=fejl");
            }
            var result = await ssoUsers.SignInAsync(new ExternalIdentity(subject,
                principal.FindFirst(sso.Value.UserNameClaim)?.Value, principal.FindFirst("name")?.Value,
                principal.FindFirst("email")?.Value, principal.FindAll(sso.Value.GroupsClaim).Select(c => c.Value).ToList()),
                SignInThrottle.AddressOf(http));
            if (!result.Succeeded)
            {
                var code = result.Errors.Values.First() == Erhvervsdialog.Core.Resources.Messages.SingleSignOnDeactivated ? "deaktiveret" : "ingen-rolle";
                return Results.LocalRedirect($"~/log-ind?sso={code}");
            }
            var user = await signInManager.UserManager.FindByIdAsync(result.Id!);
            await signInManager.SignInAsync(user!, isPersistent: false, authenticationMethod: SingleSignOnOptions.Scheme);
            return Results.LocalRedirect("~" + SafeReturnUrl(returnUrl));
        }).AllowAnonymous();
    }

    /// <summary>Only local paths, so the sign-in pages cannot be used to send users to another site.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
