using Erhvervsdialog.Core.FollowUps;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Surveys;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Tests.Core.Surveys;

public class AnswerSurveyTests : SurveyTestBase
{
    [Fact]
    public async Task Load_ShowsMunicipalityUnitAndDate_OnlyThat()
    {
        var (_, _, form) = await SentSurveyAsync();

        Assert.Equal(SurveyLinkState.Open, form.State);
        Assert.Equal("Helsingør Kommune", form.Municipality);
        Assert.Equal("Byggeri", form.UnitName);
        Assert.Equal(6, form.Questions.Count);
        Assert.Equal(QuestionKind.Scale5, form.Questions[0].Kind);
    }

    [Fact]
    public async Task LowScore_CreatesFollowUpForTheUnitManager_EmailsThem_AndCancelsTheReminder()
    {
        var (contactId, token, form) = await SentSurveyAsync();

        var result = await Answer.SubmitAsync(token, Values(form,
            (QuestionKind.Scale5, "2"), (QuestionKind.Scale5, "4"), (QuestionKind.Recommendation, "3"), (QuestionKind.Text, "Det tog <b>alt</b> for lang tid")), mayContact: true);

        Assert.True(result.Succeeded);
        await using var db = Db.CreateContext();
        var response = await db.SurveyResponses.SingleAsync();
        Assert.Equal((2, 2, 3, true), (response.Satisfaction!.Value, response.LowestScore!.Value, response.Recommendation!.Value, response.MayContact));
        Assert.Equal("Det tog <b>alt</b> for lang tid", response.Comment);
        var followUp = await db.FollowUps.SingleAsync();
        Assert.Equal("Lav score (2/5) fra Øresund Byg ApS", followUp.Title);
        Assert.Equal((ManagerId, Byg, FollowUpSource.LowScore, FollowUpPriority.High), (followUp.OwnerId!, followUp.UnitId!.Value, followUp.Source, followUp.Priority));
        Assert.Contains("Må kontaktes: Ja", followUp.Description);
        var notice = await db.Messages.SingleAsync(m => m.Kind == MessageKind.FollowUpCreated);
        Assert.Equal("leder@kommune.dk", notice.Recipient);
        Assert.Contains(notice.Id, Db.Jobs.MessageIds);
        Assert.Equal(MessageStatus.Cancelled, (await db.Messages.SingleAsync(m => m.Kind == MessageKind.SurveyReminder)).Status);
        Assert.Equal(InvitationStatus.Answered, (await db.SurveyInvitations.SingleAsync(i => i.ContactId == contactId)).Status);
    }

    [Fact]
    public async Task GoodScore_NoFollowUp()
    {
        var (_, token, form) = await SentSurveyAsync();

        await Answer.SubmitAsync(token, Values(form, (QuestionKind.Scale5, "5"), (QuestionKind.Scale5, "4")), mayContact: false);

        await using var db = Db.CreateContext();
        Assert.Equal(0, await db.FollowUps.CountAsync());
    }

    [Fact]
    public async Task SecondAnswer_IsRefused_AndTheFirstStays()
    {
        var (_, token, form) = await SentSurveyAsync();
        await Answer.SubmitAsync(token, Values(form, (QuestionKind.Scale5, "5"), (QuestionKind.Scale5, "5")), false);

        var replay = await Answer.SubmitAsync(token, Values(form, (QuestionKind.Scale5, "1"), (QuestionKind.Scale5, "1")), false);

        Assert.Equal(SurveyLinkState.Answered, replay.State);
        Assert.Equal(SurveyLinkState.Answered, (await Answer.LoadAsync(token)).State);
        await using var db = Db.CreateContext();
        Assert.Equal(5, (await db.SurveyResponses.SingleAsync()).Satisfaction);
    }

    [Theory]
    [InlineData("")]
    [InlineData("kort")]
    [InlineData("../../etc/passwd")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task UnknownOrTamperedToken_Unknown(string token)
    {
        await SentSurveyAsync();

        Assert.Equal(SurveyLinkState.Unknown, (await Answer.LoadAsync(token)).State);
        Assert.Equal(SurveyLinkState.Unknown, (await Answer.SubmitAsync(token, new Dictionary<int, string?>(), false)).State);
    }

    [Fact]
    public async Task TamperedLastCharacter_Unknown()
    {
        var (_, token, _) = await SentSurveyAsync();

        var tampered = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');

        Assert.Equal(SurveyLinkState.Unknown, (await Answer.LoadAsync(tampered)).State);
    }

    [Fact]
    public async Task ExpiredLink_Expired_AndTheSweepMarksIt()
    {
        var (contactId, token, form) = await SentSurveyAsync();

        Advance(TimeSpan.FromDays(14).Add(TimeSpan.FromMinutes(1)));

        Assert.Equal(SurveyLinkState.Expired, (await Answer.LoadAsync(token)).State);
        Assert.Equal(SurveyLinkState.Expired, (await Answer.SubmitAsync(token, Values(form, (QuestionKind.Scale5, "5"), (QuestionKind.Scale5, "5")), false)).State);
        await Db.Get<ExpireSurveyLinksJob>().RunAsync();
        await using var db = Db.CreateContext();
        Assert.Equal(InvitationStatus.Expired, (await db.SurveyInvitations.SingleAsync(i => i.ContactId == contactId)).Status);
        Assert.Equal(0, await db.SurveyResponses.CountAsync());
    }

    [Fact]
    public async Task BadValues_MessagesPerQuestion_NothingSaved()
    {
        var (_, token, form) = await SentSurveyAsync();
        var values = Values(form, (QuestionKind.Scale5, "7"), (QuestionKind.Recommendation, "11"), (QuestionKind.YesNo, "måske"),
            (QuestionKind.Text, new string('æ', AnswerSurvey.MaxTextLength + 1)));

        var result = await Answer.SubmitAsync(token, values, false);

        var q = form.Questions;
        Assert.Equal("Vælg et tal fra 1 til 5.", result.Errors[$"q{q[0].Id}"]);
        Assert.Equal("Vælg et svar.", result.Errors[$"q{q[1].Id}"]); // required, missing
        Assert.Equal("Vælg et tal fra 0 til 10.", result.Errors[$"q{q.Single(x => x.Kind == QuestionKind.Recommendation).Id}"]);
        Assert.Equal("Vælg et svar.", result.Errors[$"q{q.Single(x => x.Kind == QuestionKind.YesNo).Id}"]);
        Assert.Equal("Svaret må højst være 2000 tegn.", result.Errors[$"q{q.Single(x => x.Kind == QuestionKind.Text).Id}"]);
        await using var db = Db.CreateContext();
        Assert.Equal(0, await db.SurveyResponses.CountAsync());
        Assert.Equal(SurveyLinkState.Open, (await Answer.LoadAsync(token)).State);
    }

    [Fact]
    public async Task OptOut_OneClick_StopsFutureSurveysForTheCompany()
    {
        var (_, token, _) = await SentSurveyAsync();

        Assert.True(await Answer.OptOutAsync(token));
        Advance(TimeSpan.FromDays(60));
        var later = await CloseContactAsync(EmailPersonId);

        await using var db = Db.CreateContext();
        Assert.Equal("Ingen måling: virksomheden har frabedt sig målinger.", (await db.Contacts.SingleAsync(c => c.Id == later)).SurveyNote);
        Assert.Equal(MessageStatus.Cancelled, (await db.Messages.SingleAsync(m => m.Kind == MessageKind.SurveyReminder)).Status);
    }

    [Fact]
    public async Task OptOut_ShownOnTheLink_AndUndoneByStaff_InTheRevisionLog()
    {
        var (_, token, _) = await SentSurveyAsync();
        await Answer.OptOutAsync(token);
        Assert.True((await Answer.LoadAsync(token)).OptedOut);
        long version;
        await using (var db = Db.CreateContext())
        {
            version = (await db.Companies.SingleAsync(c => c.Id == CompanyId)).Version;
        }

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Db.Get<Erhvervsdialog.Core.Companies.ResumeSurveys>()
            .HandleAsync(CompanyId, version, new Erhvervsdialog.Core.Common.Actor("x", "x", new HashSet<string>())));
        var result = await Db.Get<Erhvervsdialog.Core.Companies.ResumeSurveys>().HandleAsync(CompanyId, version, Worker);

        Assert.True(result.Succeeded);
        Assert.False((await Answer.LoadAsync(token)).OptedOut);
        await using var check = Db.CreateContext();
        var entry = await check.AuditLog.SingleAsync(e => e.Action == Erhvervsdialog.Core.Auditing.AuditAction.SurveysResumed);
        Assert.Equal(("lærke", "Har frabedt sig målinger", "Får målinger"), (entry.UserName, entry.Before, entry.After));
    }

    [Fact]
    public async Task LowScoreFollowUp_StillOpenAfterAWeek_EscalatedToTheDirectorOnce_EvenByOverlappingRuns()
    {
        var (_, token, form) = await SentSurveyAsync();
        await Answer.SubmitAsync(token, Values(form, (QuestionKind.Scale5, "1"), (QuestionKind.Scale5, "1")), false);

        Advance(TimeSpan.FromDays(6));
        await Db.Get<EscalateLowScoresJob>().RunAsync();
        Advance(TimeSpan.FromDays(2));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Db.Get<EscalateLowScoresJob>().RunAsync())));
        await Db.Get<EscalateLowScoresJob>().RunAsync();

        await using var db = Db.CreateContext();
        var escalation = await db.Messages.SingleAsync(m => m.Kind == MessageKind.FollowUpEscalated);
        Assert.Equal("direktor@kommune.dk", escalation.Recipient);
        Assert.StartsWith("Ikke fulgt op efter 7 dage", escalation.Subject);
        Assert.NotNull((await db.FollowUps.SingleAsync()).EscalatedAt);
    }

    [Fact]
    public async Task ClosingAFollowUp_NeedsANote_AndOnlyOwnerManagerOrDirector()
    {
        var (_, token, form) = await SentSurveyAsync();
        await Answer.SubmitAsync(token, Values(form, (QuestionKind.Scale5, "1"), (QuestionKind.Scale5, "1")), false);
        await using var db = Db.CreateContext();
        var followUp = await db.FollowUps.SingleAsync();
        var manage = Db.Get<ManageFollowUps>();
        var manager = new Erhvervsdialog.Core.Common.Actor(ManagerId, "leder", new HashSet<string> { Erhvervsdialog.Core.Users.Roles.Manager });

        var noNote = await manage.UpdateStatusAsync(followUp.Id, followUp.Version, FollowUpStatus.Done, " ", manager);
        var worker = await manage.UpdateStatusAsync(followUp.Id, followUp.Version, FollowUpStatus.Done, "Ringet op", Worker);
        var done = await manage.UpdateStatusAsync(followUp.Id, followUp.Version, FollowUpStatus.Done, "Ringet op og aftalt møde", manager);

        Assert.Equal("Skriv, hvad der blev gjort, før opfølgningen afsluttes.", noNote.Errors["ClosingNote"]);
        Assert.False(worker.Succeeded);
        Assert.True(done.Succeeded);
        Assert.Single(await manage.ListAsync(FollowUpScope.Mine, includeDone: true, manager));
        Assert.Empty(await manage.ListAsync(FollowUpScope.Mine, includeDone: false, manager));
    }

    [Fact]
    public async Task Timeline_ShowsTheAnswerAndItsFollowUp_CommentOnlyForManagersAndDirector()
    {
        var (_, token, form) = await SentSurveyAsync();
        await Answer.SubmitAsync(token, Values(form, (QuestionKind.Scale5, "2"), (QuestionKind.Scale5, "3"), (QuestionKind.Text, "For langsomt")), true);
        var timeline = Db.Get<Erhvervsdialog.Core.Contacts.GetCompanyTimeline>();
        var manager = new Erhvervsdialog.Core.Common.Actor(ManagerId, "leder", new HashSet<string> { Erhvervsdialog.Core.Users.Roles.Manager });

        var forManager = await timeline.HandleAsync(new Erhvervsdialog.Core.Contacts.TimelineQuery(CompanyId, Reader: manager));
        var forWorker = await timeline.HandleAsync(new Erhvervsdialog.Core.Contacts.TimelineQuery(CompanyId, Reader: Worker));

        var answer = forManager.Items.Single(i => i.Kind == Erhvervsdialog.Core.Contacts.TimelineKind.SurveyAnswer);
        Assert.Equal("Måling: tilfredshed 2/5, anbefaling –/10", answer.Title);
        Assert.Equal("For langsomt", answer.Text);
        Assert.Equal("Ønsker at blive kontaktet", answer.Who);
        Assert.Null(forWorker.Items.Single(i => i.Kind == Erhvervsdialog.Core.Contacts.TimelineKind.SurveyAnswer).Text);
        var followUp = forManager.Items.Single(i => i.Kind == Erhvervsdialog.Core.Contacts.TimelineKind.FollowUp);
        Assert.Equal("Lav score (2/5) fra Øresund Byg ApS", followUp.Title);
        Assert.Equal("Jens Leder", followUp.Who);
        Assert.Equal(3, forManager.Total); // the contact, the answer and the follow-up
    }
}
