using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Overview;
using Erhvervsdialog.Core.Reports;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;

namespace Erhvervsdialog.Tests.Core.Overview;

/// <summary>Measured handling time against the experienced time taken, on data whose figures are worked out by hand.</summary>
public class HandlingTimeTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private Actor _director = default!;
    private int _byg;
    private int _job;
    private int _erh;
    private int _company;

    private DateTime Now => _db.Clock.GetUtcNow().UtcDateTime; // 26-11-2026 09:00 UTC

    public async Task InitializeAsync()
    {
        // Written against November 2026: the test sets that date on purpose.
        _db.Clock.Now = TestDatabase.FixedDate;
        await _db.InitializeAsync();
        var admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        _director = await _db.CreateUserAsync("direktoer", Roles.Director);
        var units = _db.Get<SaveUnit>();
        _byg = (await units.HandleAsync(new SaveUnitCommand { Name = "Byggeri", ShortName = "BYG" }, admin)).Id;
        _job = (await units.HandleAsync(new SaveUnitCommand { Name = "Jobcenter", ShortName = "JOB" }, admin)).Id;
        _erh = (await units.HandleAsync(new SaveUnitCommand { Name = "Erhvervsservice", ShortName = "ERH" }, admin)).Id;
        _company = (await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = "24256790", Name = "Øresund Byg ApS" }, admin)).Id;

        // Building: 10, 20, 30, 40, 100 days → median 30, 90th percentile (nearest rank, 5th of 5) 100; time taken
        // rated 5, 4, 4, 5, 4 → 4.4.
        foreach (var (days, timeTaken) in new[] { (10, 5), (20, 4), (30, 4), (40, 5), (100, 4) })
        {
            await _db.AddContactAsync(_company, _byg, Now.AddDays(-3), "byggetilladelse", score: 4, handlingDays: days, timeTaken: timeTaken);
        }
        // Job centre: 2–7 days → median 4.5, 90th percentile (6th of 6) 7; time taken rated 2, 2, 3, 2, 3, 1 → 13 / 6.
        foreach (var (days, timeTaken) in new[] { (2, 2), (3, 2), (4, 3), (5, 2), (6, 3), (7, 1) })
        {
            await _db.AddContactAsync(_company, _job, Now.AddDays(-5), "sygedagpenge", score: 3, handlingDays: days, timeTaken: timeTaken);
        }
        // Business service: two cases of 1 day, no answers: too few to show.
        await _db.AddContactAsync(_company, _erh, Now.AddDays(-2), "etablering", handlingDays: 1);
        await _db.AddContactAsync(_company, _erh, Now.AddDays(-2), "etablering", handlingDays: 1);
        // Outside the period (decided in September) and not decided yet: not counted.
        await _db.AddContactAsync(_company, _byg, new DateTime(2026, 9, 10, 10, 0, 0, DateTimeKind.Utc), "byggetilladelse", handlingDays: 400);
        await using var db = _db.CreateContext();
        db.Contacts.Add(new Erhvervsdialog.Core.Contacts.Contact
        {
            CompanyId = _company, UnitId = _byg, OccurredAt = Now.AddDays(-1), Topic = "byggetilladelse", CaseReceivedOn = new DateOnly(2026, 11, 1),
            CreatedAt = Now, UpdatedAt = Now,
        });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Comparison_ShowsMedianAndP90_NextToTheTimeTakenScore_AndFlagsWhereTheyDisagree()
    {
        // All 13 cases decided in November: 1, 1, 2, 3, 4, 5, 6, 7, 10, 20, 30, 40, 100 → the municipality's median is 6.
        var view = await _db.Get<UnitComparison>().HandleAsync(new DateTime(2026, 10, 31, 23, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 11, 30, 23, 0, 0, DateTimeKind.Utc), _director);

        var byg = view.Units.Single(u => u.UnitId == _byg).Handling;
        Assert.Equal((5, 30.0, 100, 5), (byg.Cases, byg.MedianDays, byg.P90Days, byg.TimeAnswers));
        Assert.Equal(4.4, byg.TimeTakenScore!.Value, 3);
        Assert.Equal(TimeDisagreement.SlowButFeltFine, byg.Disagreement);

        var job = view.Units.Single(u => u.UnitId == _job).Handling;
        Assert.Equal((6, 4.5, 7, 6), (job.Cases, job.MedianDays, job.P90Days, job.TimeAnswers));
        Assert.Equal(13 / 6.0, job.TimeTakenScore!.Value, 3);
        Assert.Equal(TimeDisagreement.FastButFeltSlow, job.Disagreement);

        var erh = view.Units.Single(u => u.UnitId == _erh).Handling;
        Assert.Equal(new HandlingTimeFigures(2, null, null, 0, null, TimeDisagreement.None), erh);

        var sickness = view.Topics.Single(t => t.UnitId == _job && t.Topic == "sygedagpenge").Handling;
        Assert.Equal(TimeDisagreement.FastButFeltSlow, sickness.Disagreement);
    }

    [Fact]
    public async Task ServiceReport_ShowsHandlingTimeAgainstExperience_WithTheFlags()
    {
        var pdf = await _db.Get<ServiceReport>().BuildAsync(new PeriodRange(new DateTime(2026, 11, 1), new DateTime(2026, 12, 1)));

        PdfRead.Render(pdf, "servicerapport-sagsbehandlingstid", 3);
        var text = System.Text.RegularExpressions.Regex.Replace(PdfRead.From(pdf).Text, @"\s+", " "); // cells wrap
        Assert.Contains("Sagsbehandlingstid og oplevet tid", text);
        Assert.Contains("Langsom, men opleves fin", text);
        Assert.Contains("Hurtig, men opleves langsom", text);
        // Unit rows, then the flagged topics (a wrapped cell's second line follows its row).
        Assert.Contains("Byggeri 5 30 100 4,0 4,4 Langsom, men opleves fin", text);
        Assert.Contains("Jobcenter 6 4,5 7 3,0 2,2 Hurtig, men opleves langsom", text);
        Assert.Contains("Erhvervsservice 2 – – – –", text);
        Assert.Contains("Jobcenter · 6 4,5 7 3,0 2,2 Hurtig, men opleves sygedagpenge langsom", text);
    }
}
