using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Users;

namespace Erhvervsdialog.Tests.Core.Surveys;

public class SurveyResultsTests : SurveyTestBase
{
    private async Task AnswerAsync(int unit, int satisfaction, int? recommendation, string? comment = null)
    {
        var companyId = (await Db.Get<Erhvervsdialog.Core.Companies.SaveCompany>().HandleAsync(new Erhvervsdialog.Core.Companies.SaveCompanyCommand
        {
            Cvr = NextCvr(), Name = $"Firma {satisfaction}-{recommendation}-{Guid.NewGuid():N}"[..20], Email = "a@b.dk",
        }, Admin)).Id;
        var contactId = await CloseContactAsync(unit: unit, companyId: companyId);
        await RunJobAsync((await MessageForContactAsync(contactId)).Id);
        var token = await LinkTokenAsync(contactId);
        var form = await Db.Get<AnswerSurvey>().LoadAsync(token);
        var values = new Dictionary<int, string?>
        {
            [form.Questions[0].Id] = satisfaction.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [form.Questions[1].Id] = "3",
            [form.Questions.Single(q => q.Kind == QuestionKind.Recommendation).Id] = recommendation?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [form.Questions.Single(q => q.Kind == QuestionKind.Text).Id] = comment,
        };
        Assert.True((await Db.Get<AnswerSurvey>().SubmitAsync(token, values, false)).Succeeded);
    }

    private int _cvr = 1000000;

    private string NextCvr()
    {
        while (true)
        {
            var candidate = (++_cvr + 90000000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (Erhvervsdialog.Core.Companies.CvrNumber.IsValid(candidate))
            {
                return candidate;
            }
        }
    }

    protected override void Configure(Dictionary<string, string?> settings) => settings["Erhvervsdialog:Surveys:SendDelay"] = "00:00:00";

    [Fact]
    public async Task Figures_ComputedByHand_AndGroupsUnderFiveHidden()
    {
        // Building: 5 answers, satisfaction 5,4,4,2,1 → 3.2; recommendation 10,9,8,3,0 → 2 promoters, 2 detractors of 6 total below.
        foreach (var (s, r) in new[] { (5, 10), (4, 9), (4, 8), (2, 3), (1, 0) })
        {
            await AnswerAsync(Byg, s, r, s <= 2 ? "For langsomt" : null);
        }
        // Jobcenter: 1 answer, satisfaction 5, recommendation 10.
        await AnswerAsync(Job, 5, 10);
        // One invitation sent but not answered.
        var unanswered = await CloseContactAsync(unit: Job, companyId: (await Db.Get<Erhvervsdialog.Core.Companies.SaveCompany>()
            .HandleAsync(new Erhvervsdialog.Core.Companies.SaveCompanyCommand { Cvr = NextCvr(), Name = "Tavs ApS", Email = "t@t.dk" }, Admin)).Id);
        await RunJobAsync((await MessageForContactAsync(unanswered)).Id);

        var director = new Actor("d", "d", new HashSet<string> { Roles.Director });
        var all = await Db.Get<SurveyResults>().HandleAsync(new ResultsQuery(), director);

        Assert.Equal((7, 6), (all.Invited, all.Answered));
        Assert.Equal(6.0 / 7, all.ResponseRate!.Value, 6);
        Assert.Equal((5 + 4 + 4 + 2 + 1 + 5) / 6.0, all.AverageSatisfaction!.Value, 6);
        // Promoters (9–10): 10, 9, 10 = 3; detractors (0–6): 3, 0 = 2; of 6 → (3 − 2) / 6 = 17 %.
        Assert.Equal(17, all.RecommendationScore);
        Assert.Equal([1, 1, 0, 2, 2], all.Distribution);
        var building = all.ByUnit.Single(f => f.Label == "Byggeri");
        Assert.Equal((5, 3.2), (building.Count, building.Average!.Value));
        var jobcenter = all.ByUnit.Single(f => f.Label == "Jobcenter");
        Assert.Equal((1, null), (jobcenter.Count, jobcenter.Average));
        Assert.Equal(2, all.Comments.Count);

        var onlyJob = await Db.Get<SurveyResults>().HandleAsync(new ResultsQuery(UnitId: Job), director);
        Assert.Null(onlyJob.AverageSatisfaction);
        Assert.Null(onlyJob.RecommendationScore);
        Assert.Empty(onlyJob.Distribution);
        Assert.Empty(onlyJob.Comments);

        var caseWorker = await Db.Get<SurveyResults>().HandleAsync(new ResultsQuery(), Worker);
        Assert.Empty(caseWorker.Comments);
        Assert.True(caseWorker.CommentsHidden);
    }
}
