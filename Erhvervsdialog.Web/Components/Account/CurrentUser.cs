using System.Security.Claims;
using Erhvervsdialog.Core.Common;
using Microsoft.AspNetCore.Components.Authorization;

namespace Erhvervsdialog.Web.Components.Account;

/// <summary>The signed-in user of this circuit as an <see cref="Actor"/> for the use cases.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authenticationStateProvider)
{
    public async Task<Actor> GetActorAsync()
    {
        var state = await authenticationStateProvider.GetAuthenticationStateAsync();
        return ToActor(state.User);
    }

    public static Actor ToActor(ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new UnauthorizedAccessException("Not signed in.");
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet();
        return new Actor(id, user.Identity?.Name ?? id, roles)
        {
            FullName = user.FindFirstValue(Erhvervsdialog.Core.Users.AppClaimsPrincipalFactory.FullNameClaim),
        };
    }
}
