using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Tests.Core.Users;

public class SaveUserTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    private static SaveUserCommand NewUser(string userName = "jørgen", string password = "tolv tegn ok") => new()
    {
        UserName = userName, FullName = "Jørgen Ågesen", Email = $"{userName}@kommune.dk", Password = password,
        Roles = [Roles.CaseWorker],
    };

    [Fact]
    public async Task CreateFirstAdministrator_OnlyWhileNoUserExists()
    {
        var saveUser = _db.Get<SaveUser>();
        Assert.False(await saveUser.AnyUserAsync());

        var first = await saveUser.CreateFirstAdministratorAsync(NewUser("administrator"), _db.Get<FirstRunCode>().Issue());
        var second = await saveUser.CreateFirstAdministratorAsync(NewUser("andenadmin"), _db.Get<FirstRunCode>().Issue());

        Assert.True(first.Succeeded, string.Join("; ", first.Errors.Values));
        Assert.False(second.Succeeded);
        Assert.Equal("Der findes allerede en bruger. Log ind i stedet.", second.Errors[""]);
        var users = await _db.Get<ListUsers>().HandleAsync(await _db.CreateUserAsync("x", Roles.Administrator));
        Assert.Equal([Roles.Administrator], users.Single(u => u.UserName == "administrator").Roles);
    }

    [Fact]
    public async Task CreateFirstAdministrator_NeedsTheSetupCode_WhichWorksOnce_AndIsInAnOwnerOnlyFile()
    {
        var saveUser = _db.Get<SaveUser>();
        var codes = _db.Get<FirstRunCode>();
        var code = codes.Issue();

        var none = await saveUser.CreateFirstAdministratorAsync(NewUser("administrator"), null);
        var wrong = await saveUser.CreateFirstAdministratorAsync(NewUser("administrator"), "AAAA-BBBB-CCCC");
        Assert.Equal(code, File.ReadAllText(codes.FilePath).Trim());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(codes.FilePath));
        }
        var typed = await saveUser.CreateFirstAdministratorAsync(NewUser("administrator"), code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));

        Assert.StartsWith("Opsætningskoden passer ikke.", none.Errors["SetupCode"]);
        Assert.StartsWith("Opsætningskoden passer ikke.", wrong.Errors["SetupCode"]);
        Assert.True(typed.Succeeded, string.Join("; ", typed.Errors.Values));
        Assert.False(File.Exists(codes.FilePath));
        Assert.False(codes.Matches(code));
    }

    [Theory]
    [InlineData("elleve tegn", "Adgangskoden skal være mindst 12 tegn.")]
    [InlineData("", "Skal udfyldes.")]
    public async Task Create_ShortPassword_Rejected(string password, string message)
    {
        var result = await _db.Get<SaveUser>().CreateFirstAdministratorAsync(NewUser(password: password), _db.Get<FirstRunCode>().Issue());

        Assert.Equal(message, result.Errors["Password"]);
        Assert.False(await _db.Get<SaveUser>().AnyUserAsync());
    }

    [Fact]
    public async Task Create_LongPassphraseWithoutDigitsOrSymbols_Accepted()
    {
        // ASVS: length is the rule (12–128 here, so 64 fits); no composition rules.
        var passphrase = new string('å', 64);
        var result = await _db.Get<SaveUser>().CreateFirstAdministratorAsync(NewUser(password: passphrase), _db.Get<FirstRunCode>().Issue());

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        await using var scope = _db.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByNameAsync("jørgen"))!, passphrase));
    }

    [Fact]
    public async Task Create_TooLongPassword_Rejected()
    {
        var result = await _db.Get<SaveUser>().CreateFirstAdministratorAsync(NewUser(password: new string('x', 129)), _db.Get<FirstRunCode>().Issue());

        Assert.Equal("Adgangskoden må højst være 128 tegn.", result.Errors["Password"]);
    }

    [Fact]
    public async Task Handle_NonAdministrator_Refused()
    {
        var leader = await _db.CreateUserAsync("leder", Roles.Manager);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _db.Get<SaveUser>().HandleAsync(NewUser(), leader));
    }

    [Fact]
    public async Task Handle_DuplicateUserName_MessageAtField()
    {
        var admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        await _db.Get<SaveUser>().HandleAsync(NewUser(), admin);

        var again = await _db.Get<SaveUser>().HandleAsync(NewUser() with { Email = "andet@kommune.dk" }, admin);

        Assert.Equal("Brugernavnet er allerede i brug.", again.Errors["UserName"]);
    }

    [Fact]
    public async Task Handle_DeactivateOrChangeRole_RenewsSecurityStampAndLocksOut()
    {
        var admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        var saveUser = _db.Get<SaveUser>();
        var created = await saveUser.HandleAsync(NewUser(), admin);
        await using var scope = _db.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var stampBefore = (await users.FindByIdAsync(created.Id!))!.SecurityStamp;

        var roleChanged = await saveUser.HandleAsync(NewUser() with { Id = created.Id, Password = null, Roles = [Roles.Manager] }, admin);
        var stampAfterRole = await FreshStampAsync(created.Id!);
        var deactivated = await saveUser.HandleAsync(NewUser() with { Id = created.Id, Password = null, Roles = [Roles.Manager], IsActive = false }, admin);

        Assert.True(roleChanged.Succeeded && deactivated.Succeeded);
        Assert.NotEqual(stampBefore, stampAfterRole);
        Assert.NotEqual(stampAfterRole, await FreshStampAsync(created.Id!));
        await using var check = _db.CreateContext();
        var user = check.Users.Single(u => u.Id == created.Id);
        Assert.False(user.IsActive);
        Assert.Equal(DateTimeOffset.MaxValue, user.LockoutEnd);
    }

    [Fact]
    public async Task Handle_LastActiveAdministrator_CannotLoseRole()
    {
        var result = await _db.Get<SaveUser>().CreateFirstAdministratorAsync(NewUser("eneste"), _db.Get<FirstRunCode>().Issue());
        var admin = new Actor(result.Id!, "eneste", new HashSet<string> { Roles.Administrator });

        var demoted = await _db.Get<SaveUser>().HandleAsync(NewUser("eneste") with { Id = result.Id, Password = null, Roles = [Roles.Manager] }, admin);
        var selfDeactivated = await _db.Get<SaveUser>().HandleAsync(NewUser("eneste") with { Id = result.Id, Password = null, Roles = [Roles.Administrator], IsActive = false }, admin);

        Assert.Equal("Der skal være mindst én aktiv administrator.", demoted.Errors["Roles"]);
        Assert.Equal("Du kan ikke deaktivere dig selv.", selfDeactivated.Errors["IsActive"]);
    }

    private async Task<string?> FreshStampAsync(string id)
    {
        await using var db = _db.CreateContext();
        return db.Users.Single(u => u.Id == id).SecurityStamp;
    }
}
