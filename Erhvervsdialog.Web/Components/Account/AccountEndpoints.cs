using Erhvervsdialog.Core.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Erhvervsdialog.Web.Components.Account;

internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // A form post whose antiforgery token is checked, so no other site can sign a user out.
        endpoints.MapPost("/log-ud", async (HttpContext http, IAntiforgery antiforgery, SignInManager<AppUser> signInManager) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Ugyldig formular",
                    detail: "Log ud fra Erhvervsdialogs egen knap.");
            }
            await signInManager.SignOutAsync();
            return Results.LocalRedirect("~/log-ind");
        }).AllowAnonymous().DisableAntiforgery();
    }
}
