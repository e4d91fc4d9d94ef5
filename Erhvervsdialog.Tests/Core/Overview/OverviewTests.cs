using System.Text;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.FollowUps;
using Erhvervsdialog.Core.Overview;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;

namespace Erhvervsdialog.Tests.Core.Overview;

/// <summary>Overblik, the unit comparison, the action plan's before/after and the ranking import, on data whose figures are worked out by hand.</summary>
public class OverviewTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private Actor _admin = default!;
    private Actor _director = default!;
    private Actor _manager = default!;
    private int _byg;
    private int _job;
    private int _company;

    private DateTime Now => _db.Clock.GetUtcNow().UtcDateTime; // 26-11-2026 09:00 UTC

    public async Task InitializeAsync()
    {
        // Written against fixed dates in November and December 2026: the test sets that date on purpose.
        _db.Clock.Now = TestDatabase.FixedDate;
        await _db.InitializeAsync();
        _admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        _director = await _db.CreateUserAsync("direktoer", Roles.Director);
        _manager = await _db.CreateUserAsync("leder", Roles.Manager);
        _job = (await _db.Get<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Jobcenter", ShortName = "JOB" }, _admin)).Id;
        _byg = (await _db.Get<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Byggeri", ShortName = "BYG", Members = [new UnitMemberInput(_manager.UserId, true)] }, _admin)).Id;
        _company = (await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = "24256790", Name = "Øresund Byg ApS" }, _admin)).Id;
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    private async Task AnswersAsync(int unit, int daysAgo, params int[] scores)
    {
        foreach (var score in scores)
        {
            await _db.AddContactAsync(_company, unit, Now.AddDays(-daysAgo), "byggetilladelse", score);
        }
    }

    [Fact]
    public async Task Overview_LastNinetyDaysAgainstTheNinetyBefore_ComputedByHand()
    {
        // Last 90 days: 5, 4, 4, 3, 5, 3 → 24 / 6 = 4.0. The 90 before: 2, 3, 2, 3, 2 → 12 / 5 = 2.4.
        await AnswersAsync(_byg, 10, 5, 4, 4);
        await AnswersAsync(_job, 30, 3, 5, 3);
        await AnswersAsync(_byg, 120, 2, 3, 2, 3, 2);
        await _db.AddContactAsync(_company, _job, Now.AddDays(-5), "rekruttering"); // a contact without a survey
        // Recommendation is 2 × score: last 90 days 10, 8, 8, 6, 10, 6 → promoters 2, detractors 2 → NPS 0.
        var overview = await _db.Get<GetOverview>().HandleAsync(_manager);

        Assert.Equal(4.0, overview.Satisfaction.Now!.Value, 3);
        Assert.Equal(2.4, overview.Satisfaction.Before!.Value, 3);
        Assert.Equal(1.6, overview.Satisfaction.Change!.Value, 3);
        Assert.Equal((6, 5), (overview.Satisfaction.NowCount, overview.Satisfaction.BeforeCount));
        Assert.Equal(0, overview.Recommendation.Now);
        // Before: 4, 6, 4, 6, 4 → promoters 0, detractors 5 → -100.
        Assert.Equal(-100, overview.Recommendation.Before);
        Assert.Equal(1.0, overview.ResponseRate.Now);
        Assert.Equal((7, 5), (overview.Contacts.NowCount, overview.Contacts.BeforeCount));
        // The manager's unit comes first.
        Assert.Equal(["Byggeri", "Jobcenter"], overview.Units.Select(u => u.Name));
        Assert.True(overview.Units[0].Mine);
        // November: Byggeri has 3 answers (too few to show), Jobcenter none this month.
        var november = overview.Units[0].Months[^1];
        Assert.Equal((3, null), (november.Count, november.Average));
        // Months are written as everywhere else in the app: "nov. 2026".
        Assert.Equal("nov. 2026", overview.Months[^1]);
    }

    [Fact]
    public async Task Overview_EmptyDatabase_SaysNoData_NotZero()
    {
        var overview = await _db.Get<GetOverview>().HandleAsync(_director);

        Assert.Null(overview.Satisfaction.Now);
        Assert.Null(overview.ResponseRate.Now);
        Assert.Null(overview.Recommendation.Now);
        Assert.Null(overview.Satisfaction.Change);
        Assert.Empty(overview.UpcomingMeetings);
        Assert.All(overview.Units, u => Assert.All(u.Months, m => Assert.Null(m.Average)));
    }

    [Fact]
    public async Task Overview_ListsFollowUpsAndQuietKeyAccounts()
    {
        var keyAccount = (await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = "54562519", Name = "Stille Key Account A/S", KeyAccountConsultantId = _manager.UserId }, _admin)).Id;
        var busy = (await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = "10103940", Name = "Travl Key Account A/S", KeyAccountConsultantId = _manager.UserId }, _admin)).Id;
        await _db.AddContactAsync(keyAccount, _byg, Now.AddDays(-200), "gammel sag");
        await _db.AddContactAsync(busy, _byg, Now.AddDays(-20), "ny sag");
        var follow = _db.Get<ManageFollowUps>();
        _db.Clock.Now = new DateTimeOffset(2026, 8, 1, 9, 0, 0, TimeSpan.Zero);
        await follow.CreateAsync(new NewFollowUp { Title = "Gammel", OwnerId = _director.UserId, DueDate = new DateTime(2026, 12, 31) }, _director);
        _db.Clock.Now = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
        await follow.CreateAsync(new NewFollowUp { Title = "Overskredet", OwnerId = _manager.UserId, DueDate = new DateTime(2026, 11, 10) }, _manager);
        await follow.CreateAsync(new NewFollowUp { Title = "Senere", OwnerId = _manager.UserId, DueDate = new DateTime(2026, 12, 10) }, _manager);
        _db.Clock.Now = new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

        var overview = await _db.Get<GetOverview>().HandleAsync(_manager);

        Assert.Equal((3, 1), (overview.OpenFollowUps, overview.OverdueFollowUps));
        // 90 days ago (28 August) only "Gammel" existed; the other two came on 1 November.
        Assert.Equal(1, overview.OpenFollowUpsBefore);
        Assert.Equal(["Overskredet", "Senere"], overview.MyFollowUps.Select(f => f.Title));
        var quiet = Assert.Single(overview.QuietKeyAccounts);
        Assert.Equal("Stille Key Account A/S", quiet.Name);
    }

    [Fact]
    public async Task UnitComparison_PerUnit_AndTheAnswersBehindOnlyFromFive()
    {
        await AnswersAsync(_byg, 10, 5, 4, 4, 3, 5, 3); // 24 / 6 = 4.0
        await AnswersAsync(_job, 10, 2, 2); // too few

        var view = await _db.Get<UnitComparison>().HandleAsync(Now.AddDays(-30), Now, _director);

        var byg = view.Units.Single(u => u.UnitName == "Byggeri");
        Assert.Equal((6, 4.0, 6, 1.0, 6), (byg.Answers, byg.Satisfaction!.Value, byg.Sent, byg.ResponseRate!.Value, byg.Contacts));
        var job = view.Units.Single(u => u.UnitName == "Jobcenter");
        Assert.Equal((2, null), (job.Answers, job.Satisfaction));
        Assert.Equal(6, (await _db.Get<UnitComparison>().AnswersAsync(_byg, null, false, Now.AddDays(-30), Now, _director))!.Count);
        Assert.Null(await _db.Get<UnitComparison>().AnswersAsync(_job, null, false, Now.AddDays(-30), Now, _director));
        var worker = await _db.CreateUserAsync("lærke", Roles.CaseWorker);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _db.Get<UnitComparison>().HandleAsync(Now.AddDays(-30), Now, worker));
    }

    [Fact]
    public async Task Initiative_ComparesItsUnitsBeforeAndAfterItsStart()
    {
        // Start 26-08-2026 (92 days ago). Before: Byggeri 2, 2, 2, 3, 1 → 10 / 5 = 2.0. After: 4, 4, 5, 3, 4 → 20 / 5 = 4.0.
        await AnswersAsync(_byg, 150, 2, 2, 2, 3, 1);
        await AnswersAsync(_byg, 40, 4, 4, 5, 3, 4);
        await AnswersAsync(_job, 40, 1, 1, 1, 1, 1); // another unit: not counted
        var plan = _db.Get<ActionPlan>();
        var bad = await plan.SaveAsync(new SaveInitiativeCommand { Title = " " }, _director);
        Assert.Equal("Skal udfyldes.", bad.Errors["Title"]);
        Assert.Equal("Skal udfyldes.", bad.Errors["StartDate"]);
        await plan.SaveAsync(new SaveInitiativeCommand
        {
            Title = "Tættere dialog med direktøren", StartDate = new DateTime(2026, 8, 26), UnitIds = [_byg], Status = InitiativeStatus.Running,
        }, _director);
        await plan.SaveAsync(new SaveInitiativeCommand { Title = "Lær af Egedal", StartDate = new DateTime(2026, 11, 20) }, _director);

        var rows = await plan.ListAsync();

        var dialogue = rows.Single(r => r.Title == "Tættere dialog med direktøren");
        Assert.Equal((2.0, 5, 4.0, 5, 2.0), (dialogue.Effect.Before!.Value, dialogue.Effect.BeforeAnswers, dialogue.Effect.After!.Value, dialogue.Effect.AfterAnswers, dialogue.Effect.Change!.Value));
        // All units; started six days ago: no answers since, so no "after" and no change.
        var egedal = rows.Single(r => r.Title == "Lær af Egedal");
        Assert.Equal((0, null, null), (egedal.Effect.AfterAnswers, egedal.Effect.After, egedal.Effect.Change));
        Assert.Equal(15, egedal.Effect.BeforeAnswers);
    }

    [Fact]
    public async Task RankingImport_WrongLinesImportNothing_AndSayWhichLineAndField()
    {
        var benchmarking = _db.Get<Benchmarking>();
        var bad = "kommune;år;placering;Service;Infrastruktur\nHelsingør;2025;60;3,4;3,9\nEgedal;20x5;12;3,8;4,0\nFuresø;2025;0;abc;4,1\nHelsingør;2025;61;3,4;3,9\n";
        var result = await benchmarking.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(bad)), "ranking.csv", _director);

        Assert.Equal(0, result.Imported);
        Assert.Contains(result.Errors, e => e is { Line: 3, Field: "år" } && e.Message == "\"20x5\" er ikke et årstal.");
        Assert.Contains(result.Errors, e => e is { Line: 4, Field: "placering" });
        Assert.Contains(result.Errors, e => e is { Line: 4, Field: "Service", Message: "\"abc\" er ikke et tal." });
        Assert.Contains(result.Errors, e => e is { Line: 5, Field: "kommune", Message: "Helsingør 2025 står også i linje 2." });
        Assert.Empty(await benchmarking.RankingsAsync());

        var missing = await benchmarking.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes("kommune;placering\nHelsingør;60\n")), "r.csv", _director);
        Assert.Equal("Kolonnen \"år\" mangler i første række.", Assert.Single(missing.Errors).Message);

        var good = "kommune;år;placering;Service;Infrastruktur\nHelsingør;2024;71;3,1;3,8\nHelsingør;2025;60;3,4;3,9\nEgedal;2024;30;3,6;3,9\nEgedal;2025;12;3,8;4,0\n";
        Assert.Equal(4, (await benchmarking.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(good)), "ranking.csv", _director)).Imported);
        // Importing a year again replaces it.
        Assert.Equal(1, (await benchmarking.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes("kommune;år;placering;Service\nEgedal;2025;9;3,9\n")), "r.csv", _director)).Imported);
        var rankings = await benchmarking.RankingsAsync();
        Assert.Equal(4, rankings.Count);
        var egedal = rankings.Single(r => r is { Municipality: "Egedal", Year: 2025 });
        Assert.Equal((9, 3.9), (egedal.Rank, egedal.Scores["Service"]));
    }
}
