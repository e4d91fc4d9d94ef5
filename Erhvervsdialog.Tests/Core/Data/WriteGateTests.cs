using Erhvervsdialog.Core.Api;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Demo;
using Erhvervsdialog.Core.Import;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Tests.Core.Data;

/// <summary>
/// Every writer takes its turn in WriteGate. SQLite's own wait is cut to one second here, so a writer that had to wait
/// on SQLite's lock behind a long transaction (as behind the import's single transaction before) would fail.
/// </summary>
/// <remarks>SQLite only: PostgreSQL is backed up and locked by the server itself.</remarks>
[Trait("Provider", "SqliteOnly")]
public class WriteGateTests : IAsyncLifetime
{
    private const int ImportRows = 20_000;
    private readonly TestDatabase _db = new() { BusyTimeoutSeconds = 1 };

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task ALargeImport_WhileTheApiPostsAndUsersSaveFormsAndJobsRun_NoWriterFailsAndNothingIsLost()
    {
        var admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        var worker = await _db.CreateUserAsync("sagsbehandler", Roles.CaseWorker);
        var unitId = (await _db.Get<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Byggeri", ShortName = "BYG" }, admin)).Id;
        var companies = DemoData.Generate(ImportRows + 500, seed: 23).DistinctBy(c => c.Cvr).ToList();
        var target = (await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = companies[^1].Cvr, Name = "Målvirksomheden" }, admin)).Id;
        var (_, key) = await _db.Get<ApiKeys>().CreateAsync("ESDH", false, [unitId], admin);
        var client = (await _db.Get<ApiKeys>().AuthenticateAsync(key))!;
        var rows = companies.Take(ImportRows).Select((c, i) => new TableRow(i + 2, [c.Cvr, c.Name, c.City!])).ToList();
        var table = new Table(["CVR", "Navn", "By"], rows);
        var import = _db.Get<CompanyImport>();
        var mapping = await import.SuggestMappingAsync(table.Headers);
        var plan = await import.ValidateAsync(table, mapping);

        var importing = Task.Run(() => import.ApplyAsync(plan, table, mapping, admin));
        var posts = Task.Run(async () =>
        {
            var n = 0;
            while (!importing.IsCompleted)
            {
                var result = await _db.Get<IntakeContact>().HandleAsync(client, new ContactIntakeRequest
                {
                    ExternalId = $"sag-{++n}", Cvr = companies[^1].Cvr, Unit = "BYG", Channel = "telefon", Status = "åben",
                    OccurredAt = _db.Clock.GetUtcNow().AddHours(-1).ToString("O"),
                });
                Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
            }
            return n;
        });
        var forms = Task.Run(async () =>
        {
            var n = 0;
            while (!importing.IsCompleted && n < 400)
            {
                var company = companies[ImportRows + n % 400];
                var saved = await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = company.Cvr, Name = company.Name }, admin);
                Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Values));
                var contact = await _db.Get<SaveContact>().HandleAsync(new SaveContactCommand
                {
                    CompanyId = target, UnitId = unitId, OccurredAt = _db.Clock.GetUtcNow().UtcDateTime.AddHours(-2),
                    Channel = ContactChannel.Meeting, Summary = $"Formular {n}", Status = ContactStatus.Open,
                }, worker);
                Assert.True(contact.Succeeded, string.Join("; ", contact.Errors.Values));
                n++;
            }
            return n;
        });
        var jobs = Task.Run(async () =>
        {
            var n = 0;
            while (!importing.IsCompleted)
            {
                await _db.Get<ExpireSurveyLinksJob>().RunAsync();
                n++;
            }
            return n;
        });

        var imported = await importing.WaitAsync(TimeSpan.FromMinutes(5));
        var (postCount, formCount, jobCount) = (await posts.WaitAsync(TimeSpan.FromMinutes(1)),
            await forms.WaitAsync(TimeSpan.FromMinutes(1)), await jobs.WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Null(imported.Failure);
        Assert.Equal(ImportRows, imported.Created);
        // The other writers really did write while the import ran.
        Assert.True(postCount >= 10 && formCount >= 10 && jobCount >= 10, $"{postCount} posts, {formCount} forms, {jobCount} job runs");
        await using var db = _db.CreateContext();
        Assert.Equal(ImportRows + 1 + formCount, await db.Companies.CountAsync());
        Assert.Equal(postCount + formCount, await db.Contacts.CountAsync(c => c.CompanyId == target));
    }
}
