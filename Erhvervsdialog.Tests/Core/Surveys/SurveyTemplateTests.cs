using Erhvervsdialog.Core.Surveys;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Tests.Core.Surveys;

public class SurveyTemplateTests : SurveyTestBase
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Erhvervsdialog:Surveys:SendDelay"] = "00:00:00";

    [Fact]
    public async Task EditingQuestions_MakesANewVersion_OldInvitationsKeepTheirs_UnitTemplateWins()
    {
        var templates = Db.Get<SaveSurveyTemplate>();
        var standard = (await templates.ListAsync()).Single();
        var before = await CloseContactAsync(EmailPersonId);

        var renamed = await templates.HandleAsync(new SaveSurveyTemplateCommand(standard.Id, "Nyt navn", null,
            standard.Questions.Select(q => new QuestionInput(q.Kind, q.Text, q.Category, q.Required)).ToList()), Admin);
        var changed = await templates.HandleAsync(new SaveSurveyTemplateCommand(standard.Id, "Nyt navn", null,
            [new QuestionInput(QuestionKind.Scale5, "Hvor tilfreds er du?", QuestionCategory.Service, true)]), Admin);
        var forUnit = await templates.HandleAsync(new SaveSurveyTemplateCommand(0, "Jobcenter", Job,
            [new QuestionInput(QuestionKind.YesNo, "Fik I hjælp til rekruttering?", QuestionCategory.Service, true)]), Admin);
        var secondDefault = await templates.HandleAsync(new SaveSurveyTemplateCommand(0, "Endnu et", null,
            [new QuestionInput(QuestionKind.Text, "?", QuestionCategory.None, false)]), Admin);
        var empty = await templates.HandleAsync(new SaveSurveyTemplateCommand(standard.Id, "Tomt", null, []), Admin);

        Assert.True(renamed.Succeeded && changed.Succeeded && forUnit.Succeeded);
        Assert.Equal("Der findes allerede et standardskema. Vælg en enhed.", secondDefault.Errors["UnitId"]);
        Assert.Equal("Et spørgeskema skal have mindst ét spørgsmål.", empty.Errors["Questions"]);
        var list = await templates.ListAsync();
        Assert.Equal(2, list.Single(t => t.Id == standard.Id).Version);

        Advance(TimeSpan.FromDays(40));
        var afterDefault = await CloseContactAsync(EmailPersonId);
        Advance(TimeSpan.FromDays(40));
        var afterJob = await CloseContactAsync(EmailPersonId, unit: Job);
        await using var db = Db.CreateContext();
        async Task<int> QuestionCount(int contactId)
        {
            var versionId = (await db.SurveyInvitations.SingleAsync(i => i.ContactId == contactId)).TemplateVersionId;
            return await db.SurveyQuestions.CountAsync(q => q.VersionId == versionId);
        }
        Assert.Equal(6, await QuestionCount(before));
        Assert.Equal(1, await QuestionCount(afterDefault));
        var jobVersion = (await db.SurveyInvitations.SingleAsync(i => i.ContactId == afterJob)).TemplateVersionId;
        Assert.Equal("Fik I hjælp til rekruttering?", (await db.SurveyQuestions.SingleAsync(q => q.VersionId == jobVersion)).Text);
    }
}
