using System.Text;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Import;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Erhvervsdialog.Tests.Core.Import;

public class CompanyImportTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private Actor _admin = default!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _admin = await _db.CreateUserAsync("admin", Roles.Administrator);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    private static async Task<Table> ReadFileAsync(string name)
    {
        await using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Core", "Import", "Files", name));
        var result = await TabularFile.ReadAsync(stream, name);
        Assert.Null(result.Error);
        return result.Table!;
    }

    private async Task<(ImportPlan Plan, ImportResult? Result)> ImportAsync(Table table)
    {
        var import = _db.Get<CompanyImport>();
        var mapping = await import.SuggestMappingAsync(table.Headers);
        var plan = await import.ValidateAsync(table, mapping);
        var result = plan.ToCreate + plan.ToUpdate > 0 ? await import.ApplyAsync(plan, table, mapping, _admin) : null;
        return (plan, result);
    }

    [Fact]
    public async Task Semicolon_Windows1252_DanishLettersAndQuotedFieldsIntact()
    {
        var table = await ReadFileAsync("virksomheder-semikolon-windows1252.csv");

        var (plan, result) = await ImportAsync(table);

        Assert.Empty(plan.Rejected);
        Assert.Equal(new ImportResult(3, 0), result);
        await using var db = _db.CreateContext();
        var aero = await db.Companies.SingleAsync(c => c.Cvr == "24256790");
        Assert.Equal("Ærø Tømrer & Snedker ApS", aero.Name);
        Assert.Equal("Søndergade 3", aero.Address);
        Assert.Equal("Hellebæk", aero.City);
        Assert.True(aero.AdvertisingProtection);
        Assert.Equal("Hovedgaden 1, 1. sal", (await db.Companies.SingleAsync(c => c.Cvr == "10103940")).Address);
    }

    [Fact]
    public async Task Comma_Utf8Bom_QuotedCommaAndPhoneNormalised()
    {
        var table = await ReadFileAsync("virksomheder-komma-utf8-bom.csv");

        Assert.Equal("CVR", table.Headers[0]);
        var (plan, result) = await ImportAsync(table);

        Assert.Empty(plan.Rejected);
        Assert.Equal(2, result!.Created);
        await using var db = _db.CreateContext();
        var hansen = await db.Companies.SingleAsync(c => c.Cvr == "64942212");
        Assert.Equal("Hansen, Jensen & Co. A/S", hansen.Name);
        Assert.Equal("+4549210000", hansen.Phone);
    }

    [Fact]
    public async Task Xlsx_NumericCellsReadAsText()
    {
        var path = Path.Combine(Path.GetTempPath(), $"import-{Guid.NewGuid():N}.xlsx");
        try
        {
            await MiniExcel.SaveAsAsync(path, new[]
            {
                new Dictionary<string, object> { ["CVR-nummer"] = 24256790L, ["Virksomhedsnavn"] = "Øresund Auto", ["Postnummer"] = 3000, ["By"] = "Helsingør" },
                new Dictionary<string, object> { ["CVR-nummer"] = 54562519L, ["Virksomhedsnavn"] = "Tikøb Gartneri", ["Postnummer"] = 3080, ["By"] = "Tikøb" },
            });
            var table = await ReadFileAsync(path);

            var (plan, result) = await ImportAsync(table);

            Assert.Empty(plan.Rejected);
            Assert.Equal(2, result!.Created);
            await using var db = _db.CreateContext();
            Assert.Equal("3080", (await db.Companies.SingleAsync(c => c.Name == "Tikøb Gartneri")).PostalCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task BrokenRows_RejectedWithLineAndReason_ValidRowsAppliedTogether()
    {
        var table = await ReadFileAsync("virksomheder-med-fejl.csv");

        var (plan, result) = await ImportAsync(table);

        Assert.Equal(new ImportResult(1, 0), result);
        var reasons = plan.Rejected.ToDictionary(r => r.Line, r => string.Join(" ", r.Reasons));
        Assert.Equal([3, 4, 5, 6, 7], reasons.Keys.Order());
        // Away from the field, every message names it.
        Assert.Equal("CVR-nummer: CVR-nummeret skal være 8 cifre og bestå modulus 11-kontrollen.", reasons[3]);
        Assert.Equal("Navn: Skal udfyldes.", reasons[4]);
        Assert.Equal("Postnummer: Postnummeret skal være 4 cifre (0800–9990).", reasons[5]);
        Assert.Equal("CVR-nummer: CVR-nummeret står også i linje 2.", reasons[6]);
        Assert.Equal("P-nummer: P-nummeret skal være 10 cifre.", reasons[7]);
        await using var db = _db.CreateContext();
        Assert.Equal("Gyldig Første ApS", (await db.Companies.SingleAsync()).Name);
    }

    [Fact]
    public async Task ExistingCompany_UpdatedByCvr_EmptyCellsKeepValues_MappingRemembered()
    {
        await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand
        {
            Cvr = "64942212", Name = "Gammelt Navn", Email = "bevar@firma.dk", Phone = "49 21 00 00",
        }, _admin);
        var table = new Table(["Firma", "Cvr nr", "Mail"], [new TableRow(2, ["Nyt Navn A/S", "64942212", ""])]);
        var import = _db.Get<CompanyImport>();
        var mapping = new Dictionary<ImportField, int> { [ImportField.Name] = 0, [ImportField.Cvr] = 1, [ImportField.Email] = 2 };

        var plan = await import.ValidateAsync(table, mapping);
        var result = await import.ApplyAsync(plan, table, mapping, _admin);

        Assert.Equal(new ImportResult(0, 1), result);
        await using var db = _db.CreateContext();
        var company = await db.Companies.SingleAsync();
        Assert.Equal("Nyt Navn A/S", company.Name);
        Assert.Equal("bevar@firma.dk", company.Email);
        Assert.Equal("admin", company.UpdatedByName);
        Assert.Equal(mapping, await import.SuggestMappingAsync(["firma", "CVR NR", "mail"]));
    }

    [Theory]
    [InlineData("CVR-nr.", "P-nr.", "Post nr.", "Branche-kode", "Antal ansatte")]
    [InlineData("CVR nr", "P nummer", "Postnummer", "Hovedbranchekode", "Ansatte")]
    [InlineData("CVR-nummer", "P-nummer", "POSTNR", "DB07", "Antal medarbejdere")]
    [InlineData("Cvrnr", "Pnr", "postnr.", "branchekode", "Årsværk")]
    public async Task SuggestMapping_RecognisesTheSpellingsRegistersAndSpreadsheetsUse(string cvr, string pNumber, string postalCode,
        string industryCode, string employees)
    {
        var headers = new[] { "Navn", cvr, pNumber, postalCode, industryCode, employees, "Bemærkning" };

        var mapping = await _db.Get<CompanyImport>().SuggestMappingAsync(headers);

        Assert.Equal(new Dictionary<ImportField, int>
        {
            [ImportField.Name] = 0, [ImportField.Cvr] = 1, [ImportField.PNumber] = 2, [ImportField.PostalCode] = 3,
            [ImportField.IndustryCode] = 4, [ImportField.Employees] = 5,
        }, mapping);
        // The column no field takes is named, not dropped without a word.
        Assert.Equal(["Bemærkning"], CompanyImport.UnmappedColumns(headers, mapping));
    }

    [Fact]
    public async Task EveryFieldOfTheForm_IsImported_EmployeesAsTheirBand()
    {
        await _db.CreateUserAsync("konsulent", Roles.Consultant, fullName: "Søren Bæk");
        var table = new Table(["CVR", "Navn", "Antal ansatte", "Tags", "Nøglekonsulent"],
        [
            new TableRow(2, ["24256790", "Øresund Auto", "12", "værft; turisme", "Søren Bæk"]),
            new TableRow(3, ["54562519", "Tikøb Gartneri", "ANTAL_50_99", "", ""]),
            new TableRow(4, ["64942212", "Hansen A/S", "mange", "", "Ukendt Person"]),
        ]);

        var (plan, _) = await ImportAsync(table);

        var rejected = Assert.Single(plan.Rejected);
        Assert.Equal(["Antal ansatte: Skriv et antal eller et interval som 10-19: mange.",
            "Nøglekonsulent: Ingen bruger hedder sådan (skriv navn, e-mail eller brugernavn): Ukendt Person."], rejected.Reasons);
        await using var db = _db.CreateContext();
        var auto = await db.Companies.Include(c => c.KeyAccountConsultant).SingleAsync(c => c.Cvr == "24256790");
        Assert.Equal(EmployeeBand.From10To19, auto.EmployeeBand);
        Assert.Equal(["værft", "turisme"], auto.Tags);
        Assert.Equal("Søren Bæk", auto.KeyAccountConsultant!.FullName);
        Assert.Equal(EmployeeBand.From50To99, (await db.Companies.SingleAsync(c => c.Cvr == "54562519")).EmployeeBand);
    }

    [Theory]
    [InlineData("0", EmployeeBand.None)]
    [InlineData("4", EmployeeBand.From1To4)]
    [InlineData("10-19", EmployeeBand.From10To19)]
    [InlineData("10–19 ansatte", EmployeeBand.From10To19)]
    [InlineData("ANTAL_200_499", EmployeeBand.From200To499)]
    [InlineData("1000+", EmployeeBand.From1000)]
    [InlineData("25000", EmployeeBand.From1000)]
    public void EmployeeBands_ParseNumbersAndIntervals(string text, EmployeeBand band) =>
        Assert.Equal(band, EmployeeBands.Parse(text));

    [Theory]
    [InlineData("mange")]
    [InlineData("")]
    [InlineData("ca. tyve")]
    public void EmployeeBands_RefuseOtherText(string text) => Assert.Null(EmployeeBands.Parse(text));

    [Fact]
    public async Task ReImportingUnchangedRows_ReportsThemUnchanged_NotUpdated()
    {
        var table = new Table(["CVR", "Navn", "Postnr", "Tags"],
            [new TableRow(2, ["24256790", "Øresund Auto", "3000", "a, b"]), new TableRow(3, ["54562519", "Tikøb Gartneri", "3080", ""])]);
        await ImportAsync(table);
        var changed = new Table(table.Headers, [table.Rows[0], new TableRow(3, ["54562519", "Tikøb Gartneri ApS", "3080", ""])]);

        var (again, _) = await ImportAsync(table);
        var (onceMore, result) = await ImportAsync(changed);

        Assert.Equal((0, 0, 2), (again.ToCreate, again.ToUpdate, again.Unchanged));
        Assert.Equal((0, 1, 1), (onceMore.ToCreate, onceMore.ToUpdate, onceMore.Unchanged));
        Assert.Equal(new ImportResult(0, 1), result);
    }

    [Fact]
    public async Task Validate_WithoutCvrColumn_ExplainsWhatToMap()
    {
        var table = new Table(["Navn", "By"], [new TableRow(2, ["Firma", "Helsingør"])]);

        var plan = await _db.Get<CompanyImport>().ValidateAsync(table, await _db.Get<CompanyImport>().SuggestMappingAsync(table.Headers));

        Assert.Equal("Vælg, hvilken kolonne der indeholder CVR-nummeret.", Assert.Single(plan.Rejected).Reasons.Single());
    }

    [Fact]
    public async Task Apply_WhenTheDatabaseRefusesARow_ItsBatchIsNotSavedAndTheResultSaysWhere()
    {
        var table = new Table(["CVR", "Navn"], [new TableRow(2, ["24256790", "Første"]), new TableRow(3, ["54562519", "Anden"])]);
        var import = _db.Get<CompanyImport>();
        var mapping = await import.SuggestMappingAsync(table.Headers);
        var plan = await import.ValidateAsync(table, mapping);
        // Someone registers the second company between the check and the import.
        await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = "54562519", Name = "Imens" }, _admin);

        var result = await import.ApplyAsync(plan, table, mapping, _admin);

        Assert.Equal((0, 0), (result.Created, result.Updated));
        Assert.StartsWith("Importen stoppede ved rækkerne på linje 2–3", result.Failure);
        await using var db = _db.CreateContext();
        Assert.Equal(["Imens"], await db.Companies.Select(c => c.Name).ToListAsync());
    }

    [Theory]
    [InlineData("billede.png", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 })]
    [InlineData("noter.txt", new byte[] { 0x48, 0x65, 0x6A, 0x0A, 0x64, 0x75 })]
    [InlineData("gammel.xls", new byte[] { 0xD0, 0xCF, 0x11, 0xE0 })]
    [InlineData("falsk.xlsx", new byte[] { 0x41, 0x3B, 0x42 })]
    public async Task Read_NonTabularFiles_RefusedWithMessage(string name, byte[] bytes)
    {
        var result = await TabularFile.ReadAsync(new MemoryStream(bytes), name);

        Assert.Null(result.Table);
        Assert.NotNull(result.Error);
        Assert.Matches("(tabel|\\.xls)", result.Error);
    }

    [Fact]
    public async Task Read_OversizedFile_Refused()
    {
        var big = new MemoryStream(Encoding.UTF8.GetBytes(new string('x', (int)TabularFile.MaxBytes + 10)));

        var result = await TabularFile.ReadAsync(big, "stor.csv");

        Assert.Equal("Filen er for stor. Den må højst fylde 20 MB.", result.Error);
    }

    [Fact]
    public async Task TenThousandRows_AllCreated()
    {
        var rows = DemoCompanies(10_000).Select((c, i) => new TableRow(i + 2, [c.Cvr, c.Name, c.Address!, c.PostalCode!, c.City!])).ToList();
        var table = new Table(["CVR", "Navn", "Adresse", "Postnr", "By"], rows);

        var (plan, result) = await ImportAsync(table);

        Assert.Empty(plan.Rejected);
        Assert.Equal(10_000, result!.Created);
        await using var db = _db.CreateContext();
        Assert.Equal(10_000, await db.Companies.CountAsync());
    }

    private static IEnumerable<Company> DemoCompanies(int count) => Erhvervsdialog.Core.Demo.DemoData.Generate(count, seed: 7);
}
