using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Erhvervsdialog.Web.Components.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Tests.Core.Users;

public class AccountSecurityTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();

    public AccountSecurityTests()
    {
        _db.Settings["Erhvervsdialog:SingleSignOn:RoleMappings:grp-ledere"] = Roles.Manager;
        _db.Settings["Erhvervsdialog:SingleSignOn:RoleMappings:grp-direktion"] = Roles.Director;
    }

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    private async Task<AppUser> UserAsync(string userName)
    {
        await using var scope = _db.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync(userName))!;
    }

    private async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = _db.CreateContext();
        return await db.AuditLog.OrderBy(e => e.Id).ToListAsync();
    }

    [Theory]
    [InlineData("123qweasdzxc")]
    [InlineData("QWERTY123456")]
    [InlineData("sonyericsson")]
    public async Task CommonPasswords_AreRefusedAtTheField_ForNewUsersAndOwnChanges(string common)
    {
        var admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        var created = await _db.Get<SaveUser>().HandleAsync(new SaveUserCommand
        {
            UserName = "bo", FullName = "Bo Ø", Password = common, Roles = [Roles.CaseWorker],
        }, admin);
        var changed = await _db.Get<AccountSecurity>().ChangePasswordAsync(admin.UserId, "en lang nok adgangskode", common, common);

        Assert.False(created.Succeeded);
        Assert.False(changed.Succeeded);
        Assert.True(created.Errors.ContainsKey("Password"));
        Assert.True(changed.Errors.ContainsKey("NewPassword"));
        Assert.StartsWith("Adgangskoden er for almindelig", changed.Errors["NewPassword"]);
        Assert.True(CommonPasswords.IsCommon(common));
        Assert.False(CommonPasswords.IsCommon("hestene i Hornbæk spiser æbler"));
    }

    [Fact]
    public async Task PasswordEqualToTheUserName_IsRefused()
    {
        var admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        var result = await _db.Get<SaveUser>().HandleAsync(new SaveUserCommand
        {
            UserName = "bo.ørsted.hansen", FullName = "Bo Ørsted Hansen", Password = "bo.ørsted.hansen", Roles = [Roles.CaseWorker],
        }, admin);

        Assert.Equal("Adgangskoden er for almindelig eller for let at gætte (den står på listen over de mest brugte adgangskoder, eller den er dit navn, brugernavn eller din e-mail). Vælg en anden – gerne en sætning.",
            result.Errors["Password"]);
    }

    [Fact]
    public async Task AdministratorsReset_ForcesAChange_WhichNeedsTheCurrentPassword_AndIsAudited()
    {
        var admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        var worker = await _db.CreateUserAsync("lærke", Roles.CaseWorker);
        var row = (await _db.Get<ListUsers>().HandleAsync(admin)).Single(u => u.UserName == "lærke");
        var reset = await _db.Get<SaveUser>().HandleAsync(new SaveUserCommand
        {
            Id = row.Id, ConcurrencyStamp = row.ConcurrencyStamp, UserName = "lærke", FullName = row.FullName,
            Password = "midlertidig adgangskode 7", Roles = [Roles.CaseWorker],
        }, admin);
        Assert.True(reset.Succeeded, string.Join("; ", reset.Errors.Values));
        Assert.True((await UserAsync("lærke")).MustChangePassword);

        var accounts = _db.Get<AccountSecurity>();
        var wrongCurrent = await accounts.ChangePasswordAsync(worker.UserId, "gættet forkert kode", "min helt egen sætning", "min helt egen sætning");
        var mismatch = await accounts.ChangePasswordAsync(worker.UserId, "midlertidig adgangskode 7", "min helt egen sætning", "en anden sætning");
        var same = await accounts.ChangePasswordAsync(worker.UserId, "midlertidig adgangskode 7", "midlertidig adgangskode 7", "midlertidig adgangskode 7");
        var stampBefore = (await UserAsync("lærke")).SecurityStamp;
        var ok = await accounts.ChangePasswordAsync(worker.UserId, "midlertidig adgangskode 7", "min helt egen sætning", "min helt egen sætning");

        Assert.Equal("Den nuværende adgangskode er forkert.", wrongCurrent.Errors["CurrentPassword"]);
        Assert.Equal("De to adgangskoder er ikke ens.", mismatch.Errors["ConfirmPassword"]);
        Assert.Equal("Den nye adgangskode skal være en anden end den nuværende.", same.Errors["NewPassword"]);
        Assert.True(ok.Succeeded, string.Join("; ", ok.Errors.Values));
        var user = await UserAsync("lærke");
        Assert.False(user.MustChangePassword);
        Assert.NotEqual(stampBefore, user.SecurityStamp);
        var audit = await AuditAsync();
        Assert.Contains(audit, e => e.Action == AuditAction.UserChanged && e.After!.Contains("skal skiftes ved næste log-ind", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == AuditAction.PasswordChanged && e.UserName == "lærke");
    }

    [Fact]
    public async Task UserMadeByAnAdministrator_ChoosesTheirOwnPasswordAtFirstSignIn_SeededAndFirstAdministratorDoNot()
    {
        var admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        var made = await _db.Get<SaveUser>().HandleAsync(new SaveUserCommand
        {
            UserName = "ny", FullName = "Ny Kollega", Password = "velkomst kodeord 1", Roles = [Roles.CaseWorker],
        }, admin);

        Assert.True(made.Succeeded);
        Assert.True((await UserAsync("ny")).MustChangePassword);
        Assert.False((await UserAsync("admin")).MustChangePassword);
        Assert.Contains(await AuditAsync(), e => e.Action == AuditAction.UserCreated && e.After!.EndsWith("skal vælge egen adgangskode ved første log-ind", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoFactor_NeedsTheAppsCode_GivesTenRecoveryCodes_AndAnAdministratorCanResetIt()
    {
        var admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        var director = await _db.CreateUserAsync("birthe", Roles.Director);
        var accounts = _db.Get<AccountSecurity>();
        var state = await accounts.GetStateAsync(director.UserId);
        Assert.True(state!.TwoFactorRequired);
        Assert.False(state.TwoFactorEnabled);

        string? StampNow() { using var db = _db.CreateContext(); return db.Users.Single(u => u.Id == director.UserId).SecurityStamp; }
        var stampAtStart = StampNow();
        var setup = await accounts.GetAuthenticatorSetupAsync(director.UserId);
        Assert.Equal(setup, await accounts.GetAuthenticatorSetupAsync(director.UserId));
        Assert.StartsWith("otpauth://totp/Erhvervsdialog:birthe?secret=", setup.Uri);
        // Opening the enrolment page does not end the user's sessions (it did, a moment later, through a new stamp).
        Assert.Equal(stampAtStart, StampNow());
        var wrong = await accounts.EnableTwoFactorAsync(director.UserId, "000000", "en lang nok adgangskode");
        var code = Totp.Code(setup.Key, TimeProvider.System.GetUtcNow());
        var enabled = await accounts.EnableTwoFactorAsync(director.UserId, code, "en lang nok adgangskode");

        Assert.Equal("Koden passer ikke. Skriv de 6 cifre, som godkendelsesappen viser lige nu.", wrong.Errors["Code"]);
        Assert.True(enabled.Succeeded, string.Join("; ", enabled.Errors.Values));
        Assert.Equal(10, enabled.Id!.Count);
        Assert.All(enabled.Id, c => Assert.Matches("^[A-Z0-9]{5}-[A-Z0-9]{5}$", c));
        // Stored as hashes only (ASVS 6.5.2).
        await using (var db = _db.CreateContext())
        {
            var stored = await db.UserTokens.Where(t => t.UserId == director.UserId && t.Name == "RecoveryCodes").Select(t => t.Value).SingleAsync();
            Assert.Equal(10, stored!.Split(';').Length);
            Assert.All(enabled.Id, c => Assert.DoesNotContain(c, stored, StringComparison.OrdinalIgnoreCase));
        }
        // Each code works once (ASVS 6.5.1).
        await using (var scope = _db.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var enrolled = await users.FindByIdAsync(director.UserId);
            Assert.False(await users.VerifyTwoFactorTokenAsync(enrolled!, users.Options.Tokens.AuthenticatorTokenProvider, code));
        }
        // Changing the codes needs the password again; the role keeps two-factor on.
        Assert.Equal("Den nuværende adgangskode er forkert.",
            (await accounts.NewRecoveryCodesAsync(director.UserId, "forkert kodeord")).Errors["CurrentPassword"]);
        Assert.Equal(10, (await accounts.NewRecoveryCodesAsync(director.UserId, "en lang nok adgangskode")).Id!.Count);
        Assert.Equal("Din rolle kræver tofaktor-log-ind, så den kan ikke slås fra.",
            (await accounts.DisableTwoFactorAsync(director.UserId, "en lang nok adgangskode")).Errors[""]);

        var notAdmin = new Actor(director.UserId, "birthe", new HashSet<string> { Roles.Director });
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => accounts.ResetTwoFactorAsync(director.UserId, notAdmin));
        var stampBefore = (await UserAsync("birthe")).SecurityStamp;
        var reset = await accounts.ResetTwoFactorAsync(director.UserId, admin);

        Assert.True(reset.Succeeded);
        var user = await UserAsync("birthe");
        Assert.False(user.TwoFactorEnabled);
        Assert.NotEqual(stampBefore, user.SecurityStamp);
        Assert.NotEqual(setup, await accounts.GetAuthenticatorSetupAsync(director.UserId));
        Assert.True((await accounts.EndSessionsAsync(director.UserId, admin)).Succeeded);
        Assert.NotEqual(user.SecurityStamp, (await UserAsync("birthe")).SecurityStamp);
        var audit = await AuditAsync();
        Assert.Contains(audit, e => e.Action == AuditAction.SessionsEnded && e.UserName == "admin");
        Assert.Contains(audit, e => e.Action == AuditAction.RecoveryCodesCreated && e.UserName == "birthe");
        Assert.Contains(audit, e => e.Action == AuditAction.TwoFactorFailed && e.UserName == "birthe");
        Assert.Contains(audit, e => e.Action == AuditAction.TwoFactorEnabled && e.UserName == "birthe");
        Assert.Contains(audit, e => e.Action == AuditAction.TwoFactorReset && e.UserName == "admin" && e.Subject == "Bruger Test birthe (birthe)");
    }

    [Fact]
    public async Task SingleSignOn_CreatesAMappedUserOnce_SyncsRoles_AndRefusesUnmappedOrDeactivated()
    {
        var sso = _db.Get<SingleSignOnUsers>();
        var first = await sso.SignInAsync(new ExternalIdentity("sub-1", "kim@helsingor.dk", "Kim Ærø", "kim@helsingor.dk", ["grp-ledere", "andet"]), "10.0.0.1");
        var again = await sso.SignInAsync(new ExternalIdentity("sub-1", "kim@helsingor.dk", "Kim Ærø", "kim@helsingor.dk", ["grp-ledere", "grp-direktion"]), "10.0.0.1");
        var unmapped = await sso.SignInAsync(new ExternalIdentity("sub-2", "ole@helsingor.dk", "Ole", null, ["andet"]), "10.0.0.2");

        Assert.True(first.Succeeded);
        Assert.Equal(first.Id, again.Id);
        Assert.StartsWith("Din konto hos kommunens log-ind-tjeneste giver ikke adgang", unmapped.Errors[""]);
        var admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        var row = (await _db.Get<ListUsers>().HandleAsync(admin)).Single(u => u.Id == first.Id);
        Assert.Equal("kim@helsingor.dk", row.UserName);
        Assert.Equal([Roles.Director, Roles.Manager], row.Roles);
        Assert.True(row.SingleSignOnOnly);
        // A provider user needs no password and no two-factor here: the provider does that.
        Assert.False((await _db.Get<AccountSecurity>().GetStateAsync(first.Id!))!.TwoFactorRequired);

        var deactivated = await _db.Get<SaveUser>().HandleAsync(new SaveUserCommand
        {
            Id = row.Id, UserName = row.UserName, FullName = row.FullName, Email = row.Email, IsActive = false, Roles = row.Roles,
        }, admin);
        Assert.True(deactivated.Succeeded, string.Join("; ", deactivated.Errors.Values));
        var refused = await sso.SignInAsync(new ExternalIdentity("sub-1", "kim@helsingor.dk", "Kim Ærø", "kim@helsingor.dk", ["grp-ledere"]), "10.0.0.1");
        Assert.StartsWith("Din bruger i Erhvervsdialog er deaktiveret.", refused.Errors[""]);

        var audit = await AuditAsync();
        Assert.Contains(audit, e => e.Action == AuditAction.UserCreated && e.After!.Contains("ved første log-ind", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == AuditAction.RolesChanged && e.After == "roller: Direktør, Leder (fra grupperne)");
        Assert.Equal(2, audit.Count(e => e.Action == AuditAction.SignInRefused));
    }

    [Fact]
    public void Throttle_StopsAnAddressAfterItsFailures_ForTheWindowOnly()
    {
        var clock = new MutableTimeProvider(TestDatabase.FixedDate);
        var settings = Options.Create(new SignInSettings { FailuresPerAddress = 3, FailureWindow = TimeSpan.FromMinutes(15) });
        var throttle = new SignInThrottle(settings, clock);

        for (var i = 0; i < 3; i++)
        {
            Assert.False(throttle.IsBlocked("203.0.113.5"));
            throttle.Failed("203.0.113.5");
        }

        Assert.True(throttle.IsBlocked("203.0.113.5"));
        Assert.False(throttle.IsBlocked("203.0.113.6"));
        clock.Now += TimeSpan.FromMinutes(16);
        Assert.False(throttle.IsBlocked("203.0.113.5"));
        Assert.True(SignInSettings.FailuresPerAccount > settings.Value.FailuresPerAddress);
    }
}
