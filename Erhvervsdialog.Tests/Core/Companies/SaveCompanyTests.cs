using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Tests.Core.Companies;

public class SaveCompanyTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private Actor _actor = default!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _actor = await _db.CreateUserAsync("sagsbehandler", Roles.CaseWorker);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    private static SaveCompanyCommand Valid(string cvr = "24256790", string name = "Øresund Byg ApS") => new()
    {
        Cvr = cvr,
        Name = name,
        Address = "Stengade 1",
        PostalCode = "3000",
        City = "Helsingør",
        IndustryCode = "412000",
        Phone = "49 28 28 28",
        Email = "kontakt@oresundbyg.dk",
        Website = "www.oresundbyg.dk",
        Tags = ["nøglekunde", " ", "Nøglekunde"],
        ProductionUnits = [new ProductionUnitInput("1003456789", "Værksted", "Havnevej 2")],
    };

    /// <summary>The DANISH collation: SQLite's registered one and PostgreSQL's ICU collation give the same order.</summary>
    [Fact]
    public async Task ContactPersons_ComeInDanishOrder_AaAsÅ_CaseIgnored()
    {
        var companyId = (await _db.Get<SaveCompany>().HandleAsync(Valid(), _actor)).Id;
        foreach (var name in new[] { "Åse Ørum", "Zakarias Holm", "Øjvind Dahl", "bente Carlsen", "Aage Andersen", "Ærling Berg" })
        {
            var saved = await _db.Get<SaveContactPerson>().HandleAsync(new SaveContactPersonCommand { CompanyId = companyId, Name = name }, _actor);
            Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Values));
        }
        var company = (await _db.Get<GetCompany>().HandleAsync(companyId, _actor))!.Company;
        Assert.Equal(["bente Carlsen", "Zakarias Holm", "Ærling Berg", "Øjvind Dahl", "Aage Andersen", "Åse Ørum"],
            company.ContactPersons.Select(p => p.Name));
    }

    [Fact]
    public async Task HandleAsync_ValidCompany_SavedNormalisedWithAuditStamp()
    {
        var result = await _db.Get<SaveCompany>().HandleAsync(Valid() with { Cvr = "DK 24 25 67 90" }, _actor);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        await using var db = _db.CreateContext();
        var company = await db.Companies.Include(c => c.ProductionUnits).SingleAsync();
        Assert.Equal("24256790", company.Cvr);
        Assert.Equal("+4549282828", company.Phone);
        Assert.Equal("https://www.oresundbyg.dk", company.Website);
        Assert.Equal(["nøglekunde"], company.Tags);
        Assert.Equal("1003456789", Assert.Single(company.ProductionUnits).PNumber);
        Assert.Equal(_actor.UserId, company.CreatedById);
        Assert.Equal("sagsbehandler", company.UpdatedByName);
        Assert.Equal(_db.Clock.Now.UtcDateTime, company.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, company.CreatedAt.Kind);
    }

    [Fact]
    public async Task HandleAsync_BadFields_DanishMessagePerFieldAndNothingSaved()
    {
        var result = await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand
        {
            Cvr = "24256791",
            Name = "  ",
            PostalCode = "300",
            IndustryCode = "41200",
            Email = "kontakt@firma",
            Phone = "123",
            ProductionUnits = [new ProductionUnitInput("12345", null, null)],
        }, _actor);

        Assert.False(result.Succeeded);
        Assert.Equal("CVR-nummeret skal være 8 cifre og bestå modulus 11-kontrollen.", result.Errors["Cvr"]);
        Assert.Equal("Skal udfyldes.", result.Errors["Name"]);
        Assert.Equal("Postnummeret skal være 4 cifre (0800–9990).", result.Errors["PostalCode"]);
        Assert.Equal("Branchekoden skal være 6 cifre (DB07/DB25).", result.Errors["IndustryCode"]);
        Assert.Equal("E-mailadressen er ikke gyldig.", result.Errors["Email"]);
        Assert.Equal("Telefonnummeret er ikke gyldigt.", result.Errors["Phone"]);
        Assert.Equal("P-nummeret skal være 10 cifre.", result.Errors["ProductionUnits"]);
        await using var db = _db.CreateContext();
        Assert.Equal(0, await db.Companies.CountAsync());
        Assert.Equal(0, await db.ProductionUnits.CountAsync());
    }

    [Fact]
    public async Task HandleAsync_PNumberWithWrongCheckDigit_Accepted()
    {
        // The register's own generator used wrong weights: a 10-digit P-number is never rejected on its check digit.
        var result = await _db.Get<SaveCompany>().HandleAsync(
            Valid() with { ProductionUnits = [new ProductionUnitInput("1000000001", null, null)] }, _actor);

        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task HandleAsync_DuplicateCvr_ErrorNamesAndLinksExistingCompany()
    {
        var first = await _db.Get<SaveCompany>().HandleAsync(Valid(), _actor);

        var second = await _db.Get<SaveCompany>().HandleAsync(
            Valid(name: "Kopi ApS") with { ProductionUnits = [] }, _actor);

        Assert.False(second.Succeeded);
        Assert.Equal("CVR-nummeret er allerede registreret på Øresund Byg ApS.", second.Errors["Cvr"]);
        Assert.Equal(first.Id, second.RelatedId);
    }

    [Fact]
    public async Task HandleAsync_PNumberOfAnotherCompany_RejectedAndNothingSaved()
    {
        await _db.Get<SaveCompany>().HandleAsync(Valid(), _actor);

        var result = await _db.Get<SaveCompany>().HandleAsync(Valid(cvr: "54562519", name: "Anden A/S"), _actor);

        Assert.Equal("P-nummeret 1003456789 er allerede knyttet til Øresund Byg ApS.", result.Errors["ProductionUnits"]);
        await using var db = _db.CreateContext();
        Assert.Equal(1, await db.Companies.CountAsync());
    }

    [Fact]
    public async Task HandleAsync_TwoUsersEditSameVersion_SecondGetsConflictAndFirstChangeStays()
    {
        var created = await _db.Get<SaveCompany>().HandleAsync(Valid(), _actor);
        long version;
        await using (var db = _db.CreateContext())
        {
            version = (await db.Companies.SingleAsync()).Version;
        }

        var first = await _db.Get<SaveCompany>().HandleAsync(
            Valid(name: "Første ændring ApS") with { Id = created.Id, Version = version }, _actor);
        var second = await _db.Get<SaveCompany>().HandleAsync(
            Valid(name: "Anden ændring ApS") with { Id = created.Id, Version = version }, _actor);

        Assert.True(first.Succeeded);
        Assert.True(second.IsConflict);
        Assert.StartsWith("En anden bruger har ændret virksomheden", second.Errors[CommandResult.ConflictKey]);
        await using var check = _db.CreateContext();
        Assert.Equal("Første ændring ApS", (await check.Companies.SingleAsync()).Name);
    }

    [Fact]
    public async Task HandleAsync_UserWithoutRole_Refused()
    {
        var nobody = new Actor("x", "x", new HashSet<string>());

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _db.Get<SaveCompany>().HandleAsync(Valid(), nobody));
    }

    [Fact]
    public async Task ArchiveCompany_CaseWorker_Refused()
    {
        var created = await _db.Get<SaveCompany>().HandleAsync(Valid(), _actor);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(
            () => _db.Get<ArchiveCompany>().HandleAsync(created.Id, 1, archive: true, _actor));
    }

    [Fact]
    public async Task ArchiveCompany_Consultant_HiddenFromDefaultList()
    {
        var consultant = await _db.CreateUserAsync("konsulent", Roles.Consultant);
        var created = await _db.Get<SaveCompany>().HandleAsync(Valid(), _actor);

        var archived = await _db.Get<ArchiveCompany>().HandleAsync(created.Id, 1, archive: true, consultant);

        Assert.True(archived.Succeeded);
        var search = _db.Get<SearchCompanies>();
        Assert.Equal(0, (await search.HandleAsync(new CompanyQuery(), _actor)).Total);
        Assert.Equal(1, (await search.HandleAsync(new CompanyQuery { IncludeArchived = true }, _actor)).Total);
    }

    [Fact]
    public async Task ContactPerson_SavedAsE164_AndEveryChangeIsInAccessLog()
    {
        var company = await _db.Get<SaveCompany>().HandleAsync(Valid(), _actor);
        var persons = _db.Get<SaveContactPerson>();

        var created = await persons.HandleAsync(new SaveContactPersonCommand
        {
            CompanyId = company.Id, Name = "Åse Ågesen", Email = "aase@firma.dk", Mobile = "20 12 34 56",
        }, _actor);
        var updated = await persons.HandleAsync(new SaveContactPersonCommand
        {
            Id = created.Id, Version = 1, CompanyId = company.Id, Name = "Åse Ågesen", Email = "aase@firma.dk",
            Mobile = "+4520123456", SurveyOptOut = true,
        }, _actor);
        await _db.Get<GetCompany>().HandleAsync(company.Id, _actor);
        await persons.DeleteAsync(company.Id, created.Id, _actor);

        Assert.True(updated.Succeeded);
        await using var db = _db.CreateContext();
        var log = await db.AccessLog.OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([AccessAction.Create, AccessAction.Update, AccessAction.Read, AccessAction.Delete], log.Select(e => e.Action));
        Assert.All(log, e => Assert.Equal("sagsbehandler", e.UserName));
        // Names, not ids: who was read, created, changed (and which fields) and deleted.
        Assert.EndsWith(": må ikke kontaktes om målinger", log[1].Detail);
        Assert.All(log, e => Assert.DoesNotMatch("^[0-9, ]+$", e.Detail ?? ""));
    }

    [Fact]
    public async Task ContactPerson_InvalidMobileAndEmail_MessagesAtFieldsAndNothingSaved()
    {
        var company = await _db.Get<SaveCompany>().HandleAsync(Valid(), _actor);

        var result = await _db.Get<SaveContactPerson>().HandleAsync(new SaveContactPersonCommand
        {
            CompanyId = company.Id, Name = "Jens", Email = "jens@", Mobile = "12",
        }, _actor);

        Assert.Equal("E-mailadressen er ikke gyldig.", result.Errors["Email"]);
        Assert.StartsWith("Mobilnummeret er ikke gyldigt.", result.Errors["Mobile"]);
        await using var db = _db.CreateContext();
        Assert.Equal(0, await db.ContactPersons.CountAsync());
        Assert.Equal(0, await db.AccessLog.CountAsync());
    }
}
