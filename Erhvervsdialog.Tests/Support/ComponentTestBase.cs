using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Web.Components.Account;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Erhvervsdialog.Tests.Support;

/// <summary>
/// bUnit on a real SQLite database: MudBlazor's services, every Core service from the test database's container, its
/// movable clock, and a signed-in user. MudBlazor's services are IAsyncDisposable only, so the context is disposed
/// through IAsyncLifetime.
/// </summary>
public abstract class ComponentTestBase : IAsyncLifetime
{
    protected TestDatabase Db { get; } = new();
    protected BunitContext Ctx { get; } = new();
    private BunitAuthorizationContext _authorization = default!;

    public virtual async Task InitializeAsync()
    {
        await Db.InitializeAsync();
        Ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        Ctx.Services.AddMudServices();
        Ctx.Services.AddSingleton<TimeProvider>(Db.Clock);
        Ctx.Services.AddScoped<CurrentUser>();
        Ctx.Services.AddFallbackServiceProvider(Db.Services);
        _authorization = Ctx.AddAuthorization();
        Ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    /// <summary>Signs the actor in, with their one role.</summary>
    protected void SignIn(Actor actor) =>
        _authorization.SetAuthorized(actor.UserName).SetRoles([.. actor.Roles])
            .SetClaims(new Claim(ClaimTypes.NameIdentifier, actor.UserId));

    protected IRenderedComponent<MudPopoverProvider> RenderPopoverProvider() => Ctx.Render<MudPopoverProvider>();

    public virtual async Task DisposeAsync()
    {
        await Ctx.DisposeAsync();
        await Db.DisposeAsync();
    }
}
