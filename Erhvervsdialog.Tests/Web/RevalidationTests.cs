using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Erhvervsdialog.Web.Components.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Tests.Web;

/// <summary>An open circuit is re-checked every minute; these are the checks it runs.</summary>
public class RevalidationTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    private async Task<bool> StillValidAsync(System.Security.Claims.ClaimsPrincipal principal)
    {
        await using var scope = _db.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<IdentityOptions>>().Value;
        return await RevalidatingIdentityStateProvider.IsStillValidAsync(users, principal, options);
    }

    private async Task<System.Security.Claims.ClaimsPrincipal> SignedInPrincipalAsync(string userId)
    {
        await using var scope = _db.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        return await factory.CreateAsync((await users.FindByIdAsync(userId))!);
    }

    [Fact]
    public async Task Deactivation_EndsOpenSession()
    {
        var admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        var worker = await _db.CreateUserAsync("lærke", Roles.CaseWorker);
        var session = await SignedInPrincipalAsync(worker.UserId);
        Assert.True(await StillValidAsync(session));

        await _db.Get<SaveUser>().HandleAsync(new SaveUserCommand
        {
            Id = worker.UserId, UserName = "lærke", FullName = "Lærke", Roles = [Roles.CaseWorker], IsActive = false,
        }, admin);

        Assert.False(await StillValidAsync(session));
    }

    [Fact]
    public async Task RoleChange_EndsOpenSession_ButNameChangeDoesNot()
    {
        var admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        var worker = await _db.CreateUserAsync("lærke", Roles.Manager);
        var session = await SignedInPrincipalAsync(worker.UserId);

        await _db.Get<SaveUser>().HandleAsync(new SaveUserCommand
        {
            Id = worker.UserId, UserName = "lærke", FullName = "Lærke Nørgaard", Roles = [Roles.Manager],
        }, admin);
        Assert.True(await StillValidAsync(session));

        await _db.Get<SaveUser>().HandleAsync(new SaveUserCommand
        {
            Id = worker.UserId, UserName = "lærke", FullName = "Lærke Nørgaard", Roles = [Roles.CaseWorker],
        }, admin);
        Assert.False(await StillValidAsync(session));
    }
}
