using Erhvervsdialog.Core.Users;
using Microsoft.AspNetCore.Identity;

namespace Erhvervsdialog.Web.Components.Account;

internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // A form post with the antiforgery token, so no other site can sign a user out.
        endpoints.MapPost("/log-ud", async (SignInManager<AppUser> signInManager) =>
        {
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect("~/log-ind");
        }).AllowAnonymous();
    }
}
