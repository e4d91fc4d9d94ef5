using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Reports;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Tests.Core.Reports;

/// <summary>The PDFs read back with PdfPig: text, pages, "Side X af Y", metadata; hostile text stays literal.</summary>
public class ReportTests : IAsyncLifetime
{
    private const string Hostile = "Ærøskøbing Ølbryggeri & Søn ApS <b>ikke fed</b> {0} \\u0000 😀 שלום مرحبا";
    private readonly TestDatabase _db = new();
    private Actor _admin = default!;
    private Actor _director = default!;
    private int _byg;
    private int _job;

    private DateTime Now => _db.Clock.GetUtcNow().UtcDateTime;

    public async Task InitializeAsync()
    {
        // Written against fixed dates in November and December 2026: the test sets that date on purpose.
        _db.Clock.Now = TestDatabase.FixedDate;
        await _db.InitializeAsync();
        _admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        _director = await _db.CreateUserAsync("direktoer", Roles.Director, "Birthe Direktør", "direktor@kommune.dk");
        var manager = (await _db.CreateUserAsync("leder", Roles.Manager, "Mads Leder", "leder@kommune.dk")).UserId;
        _byg = (await _db.Get<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Byggeri", ShortName = "BYG", Members = [new UnitMemberInput(manager, true)] }, _admin)).Id;
        _job = (await _db.Get<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Jobcenter", ShortName = "JOB" }, _admin)).Id;
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    private async Task<int> CompanyAsync(string cvr, string name)
    {
        var result = await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = cvr, Name = name, City = "Helsingør", PostalCode = "3000" }, _admin);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        return result.Id;
    }

    private async Task AddContactsAsync(int companyId, int count, int? score = null, string? comment = null, DateTime? at = null)
    {
        for (var i = 0; i < count; i++)
        {
            await _db.AddContactAsync(companyId, i % 2 == 0 ? _byg : _job, at ?? Now.AddDays(-i - 1), i % 3 == 0 ? "byggetilladelse" : "rekruttering",
                score, comment, $"Henvendelse nr. {i + 1}: {Hostile} " + string.Join(' ', Enumerable.Repeat("lang tekst om sagen", 12)));
        }
    }

    [Fact]
    public async Task Dossier_PaginatesLongHistory_NumbersPages_KeepsHostileTextLiteral_AndCarriesMetadata()
    {
        var name = "Ærøskøbing Ølbryggeri & Søn ApS " + string.Join(' ', Enumerable.Repeat("Meget-langt-firmanavn-uden-mellemrum", 3));
        var company = await CompanyAsync("24256790", name);
        await _db.Get<SaveContactPerson>().HandleAsync(new SaveContactPersonCommand { CompanyId = company, Name = "Åse <script>alert(1)</script> Ågesen", Email = "aase@example.dk" }, _admin);
        await AddContactsAsync(company, 120, score: 2, comment: Hostile);

        var file = await _db.Get<CompanyReports>().DossierAsync(company, _director);

        Assert.NotNull(file);
        Assert.StartsWith("virksomhedsprofil-aeroeskoebing-oelbryggeri-soen-aps-", file.FileName);
        var pdf = PdfRead.From(file.Content);
        Assert.True(pdf.Pages.Count >= 5, $"{pdf.Pages.Count} pages");
        for (var i = 0; i < pdf.Pages.Count; i++)
        {
            Assert.Contains($"Side {i + 1} af {pdf.Pages.Count}", pdf.Pages[i]);
            Assert.Contains("Helsingør Kommune", pdf.Pages[i]);
        }
        Assert.Equal($"Virksomhedsprofil: {name}", pdf.Title);
        Assert.Equal("Helsingør Kommune", pdf.Author);
        Assert.Contains("/Lang", pdf.Raw);
        Assert.Contains("da-DK", pdf.Raw);
        Assert.Contains("<b>ikke", pdf.Text);
        Assert.Contains("<script>alert(1)</script>", pdf.Text);
        Assert.Contains("Henvendelse nr. 120:", pdf.Text);
        Assert.Contains("□", pdf.Text); // the emoji, which the font cannot draw
        Assert.DoesNotContain("😀", pdf.Text);
        // The table header is repeated on the pages the contacts run over.
        Assert.True(pdf.Pages.Count(p => p.Contains("Dato Enhed Emne Status Resumé", StringComparison.Ordinal)) >= 3);
        Assert.Equal(2, PdfRead.Render(file.Content, "virksomhedsprofil").Count);

        await using var db = _db.CreateContext();
        Assert.True(await db.AccessLog.AnyAsync(e => e.EntityType == "Company" && e.Detail == $"Virksomhedsprofil (PDF): {name}"));
    }

    [Fact]
    public async Task ServiceReport_ForAnEmptyPeriod_IsAValidDocumentThatSaysSo()
    {
        var pdf = await _db.Get<ServiceReport>().BuildAsync(new PeriodRange(new DateTime(2026, 10, 1), new DateTime(2026, 11, 1)));

        var read = PdfRead.From(pdf);
        Assert.Equal("Servicerapport Oktober 2026", read.Title);
        Assert.Contains("Ingen målinger er besvaret i perioden", read.Text);
        Assert.Contains("Ingen kommentarer i perioden.", read.Text);
        Assert.Contains($"Side 1 af {read.Pages.Count}", read.Pages[0]);
        PdfRead.Render(pdf, "servicerapport-tom", 1);
    }

    [Fact]
    public async Task ServiceReport_ComparesWithThePreviousPeriod_HidesSmallGroups_AndCountsCommentsWithoutQuotingThem()
    {
        var company = await CompanyAsync("24256790", "Øresund Byg ApS");
        // October: 10 answers (5 per unit) of 4; September: 6 answers of 2, with a comment.
        await AddContactsAsync(company, 10, score: 4, comment: "Hurtig og venlig betjening.", at: new DateTime(2026, 10, 10, 10, 0, 0, DateTimeKind.Utc));
        await AddContactsAsync(company, 6, score: 2, comment: "Det tog for lang tid.", at: new DateTime(2026, 9, 10, 10, 0, 0, DateTimeKind.Utc));
        await AddContactsAsync(company, 2, score: 5, at: new DateTime(2026, 10, 12, 10, 0, 0, DateTimeKind.Utc));

        var pdf = await _db.Get<ServiceReport>().BuildAsync(new PeriodRange(new DateTime(2026, 10, 1), new DateTime(2026, 11, 1)));

        var text = PdfRead.From(pdf).Text;
        Assert.Contains("Svar 12 6 +6", text);
        Assert.Contains("Svarprocent 100 % 100 % +0 point", text);
        Assert.Contains("Gns. tilfredshed (1–5) 4,2 2,0 +2,2", text);
        Assert.Contains("Byggeri 6 4,2", text);
        Assert.Contains("Jobcenter 6 4,2", text);
        // Every manager reads the report: it counts each unit's comments and quotes none (issue 12, CommentAccess).
        Assert.Contains("Kommentarer Enhed Kommentarer Heraf ved lav score Byggeri 5 0 Jobcenter 5 0", text);
        Assert.DoesNotContain("Hurtig og venlig betjening.", text);
        Assert.DoesNotContain("Det tog for lang tid.", text);
        // September had 3 answers per unit: too few to show, so there is no comparison per unit.
        Assert.Contains("Byggeri 6 4,2 – –", text);
        PdfRead.Render(pdf, "servicerapport", 3);

        // Tagged for a screen reader (PDF/UA): Danish, headings, tables with header cells, charts as figures whose text
        // alternative carries their values; the running header and footer are artifacts, not content.
        var structure = PdfStructure.From(pdf);
        Assert.Equal(("da-DK", true), (structure.Language, structure.Marked));
        var tags = structure.Elements.Select(e => e.Tag).ToList();
        Assert.Equal("H1", tags.First(t => t.StartsWith('H') && t.Length == 2));
        Assert.Superset(new HashSet<string> { "H1", "H2", "P", "Table", "TR", "TH", "TD", "Figure" }, tags.ToHashSet());
        var figures = structure.Elements.Where(e => e.Tag == "Figure").ToList();
        Assert.NotEmpty(figures);
        Assert.All(figures, f => Assert.False(string.IsNullOrWhiteSpace(f.Alt)));
        Assert.Contains(figures, f => f.Alt!.Contains("Byggeri 4,2", StringComparison.Ordinal));
        Assert.Contains("Side 1 af", PdfRead.ArtifactText(pdf, 1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduledReport_IsMadeOnce_StoredAndMailedToDirectorAndUnitManagers()
    {
        _db.Clock.Now = new DateTimeOffset(2026, 12, 1, 5, 0, 0, TimeSpan.Zero);
        await _db.Get<ScheduledReportJob>().RunAsync();
        await _db.Get<ScheduledReportJob>().RunAsync();

        await using var db = _db.CreateContext();
        var report = await db.Reports.SingleAsync();
        Assert.Equal((new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1), ReportStatus.Done, 100), (report.PeriodStart, report.PeriodEnd, report.Status, report.Progress));
        Assert.Equal("servicerapport-2026-11-01-2026-11-30.pdf", report.FileName);
        var mails = await db.Messages.Where(m => m.Kind == MessageKind.ServiceReport).OrderBy(m => m.Recipient).ToListAsync();
        Assert.Equal(["direktor@kommune.dk", "leder@kommune.dk"], mails.Select(m => m.Recipient));
        Assert.All(mails, m => Assert.Equal(("Servicerapport: November 2026", "application/pdf"), (m.Subject!, m.AttachmentType!)));
        Assert.Equal("Servicerapport November 2026", PdfRead.From(mails[0].Attachment!).Title);
    }

    [Fact]
    public async Task OnDemandReport_ChecksThePeriod_RunsInTheBackground_AndOnlyManagersAndUpMayRead()
    {
        var reports = _db.Get<ManageReports>();
        var reversed = await reports.RequestAsync(new DateTime(2026, 11, 10), new DateTime(2026, 11, 1), _director);
        Assert.Equal("Slutdatoen skal ligge efter startdatoen.", reversed.Errors["To"]);
        var tooLong = await reports.RequestAsync(new DateTime(2020, 1, 1), new DateTime(2026, 11, 1), _director);
        Assert.Equal("En rapport kan højst dække 3 år.", tooLong.Errors["To"]);

        var ok = await reports.RequestAsync(new DateTime(2026, 11, 1), new DateTime(2026, 11, 15), _director);
        Assert.True(ok.Succeeded);
        Assert.Equal(ReportStatus.Queued, (await reports.ListAsync(_director)).Single().Status);
        var job = Assert.Single(_db.Jobs.Jobs, j => j.Job.Type == typeof(ReportJob));
        await _db.Get<ReportJob>().RunAsync((int)job.Job.Args[0]);
        await _db.Get<ReportJob>().RunAsync((int)job.Job.Args[0]);

        var row = (await reports.ListAsync(_director)).Single();
        Assert.Equal((ReportStatus.Done, "Servicerapport 01-11-2026 – 15-11-2026"), (row.Status, row.Title));
        var file = await reports.FileAsync(row.Id, _director);
        Assert.Equal("Servicerapport 01-11-2026 – 15-11-2026", PdfRead.From(file!.Content).Title);
        var worker = await _db.CreateUserAsync("lærke", Roles.CaseWorker);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => reports.FileAsync(row.Id, worker));
        await using var db = _db.CreateContext();
        Assert.Empty(await db.Messages.Where(m => m.Kind == MessageKind.ServiceReport).ToListAsync());
    }

    [Fact]
    public async Task Logo_IsPrintedInThePageHeader_AndABrokenLogoFileDoesNotStopTheReport()
    {
        var folder = Directory.CreateTempSubdirectory();
        var logo = Path.Combine(folder.FullName, "logo.png");
        // Any real PNG will do: one of the README's screenshots.
        var root = Path.GetDirectoryName(Path.GetDirectoryName(BrowserFixture.ScreenshotFolder))!;
        File.Copy(Path.Combine(root, "docs", "screenshots", "01-first-run.png"), logo);
        var options = _db.Get<Microsoft.Extensions.Options.IOptions<ReportOptions>>().Value;
        options.LogoPath = logo;
        var withLogo = PdfRead.From(await _db.Get<ServiceReport>().BuildAsync(new PeriodRange(new DateTime(2026, 10, 1), new DateTime(2026, 11, 1))));
        Assert.Contains("/Subtype /Image", withLogo.Raw.Replace("/Subtype/Image", "/Subtype /Image", StringComparison.Ordinal));

        await File.WriteAllTextAsync(logo, "ikke et billede");
        var broken = PdfRead.From(await _db.Get<ServiceReport>().BuildAsync(new PeriodRange(new DateTime(2026, 10, 1), new DateTime(2026, 11, 1))));
        Assert.Contains("Helsingør Kommune", broken.Pages[0]);
        Assert.DoesNotContain("/Subtype/Image", broken.Raw);
        folder.Delete(recursive: true);
    }
}
