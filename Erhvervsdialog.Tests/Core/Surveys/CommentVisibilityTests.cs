using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.FollowUps;
using Erhvervsdialog.Core.Meetings;
using Erhvervsdialog.Core.Overview;
using Erhvervsdialog.Core.Reports;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Tests.Core.Surveys;

/// <summary>
/// What a company writes in a survey reaches only the director, administrators and the managers of the unit it is
/// about (README's role table, <see cref="CommentAccess"/>). A comment with a marker is answered to Byggeri; then every
/// role reads every surface that could carry it.
/// </summary>
public class CommentVisibilityTests : SurveyTestBase
{
    private const string Marker = "Hemmeligkommentar7731";

    private readonly Dictionary<string, Actor> _roles = [];
    private int _meetingId;

    private async Task SeedAsync()
    {
        var (contactId, token, form) = await SentSurveyAsync();
        var result = await Answer.SubmitAsync(token, Values(form,
            (QuestionKind.Scale5, "1"), (QuestionKind.Scale5, "2"), (QuestionKind.Recommendation, "3"), (QuestionKind.Text, $"Sagen gik i stå. {Marker}")), mayContact: true);
        Assert.True(result.Succeeded);
        // Four more answers to Byggeri, so the comparison shows the answers behind its figure (five or more).
        for (var i = 0; i < 4; i++)
        {
            await Db.AddContactAsync(CompanyId, Byg, Db.Clock.Now.UtcDateTime.AddDays(-2 - i), "byggetilladelse", score: 4);
        }
        var otherManager = await Db.CreateUserAsync("kulturleder", Roles.Manager, "Karl Kultur", "kultur@kommune.dk");
        await Db.Get<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Kultur", ShortName = "KUL", Members = [new UnitMemberInput(otherManager.UserId, true)] }, Admin);
        _roles["administrator"] = Admin;
        _roles["direktør"] = await Db.CreateUserAsync("direktoer2", Roles.Director);
        _roles["leder for Byggeri"] = new Actor(ManagerId, "leder", new HashSet<string> { Roles.Manager });
        _roles["leder for en anden enhed"] = otherManager;
        _roles["erhvervskonsulent"] = await Db.CreateUserAsync("konsulent", Roles.Consultant);
        _roles["sagsbehandler i Byggeri"] = Worker;

        await using var db = Db.CreateContext();
        var now = Db.Clock.Now.UtcDateTime;
        var meeting = new DialogueMeeting { CompanyId = CompanyId, StartsAt = now.AddDays(3), EndsAt = now.AddDays(3).AddHours(1), Status = MeetingStatus.Planned };
        db.DialogueMeetings.Add(meeting);
        await db.SaveChangesAsync();
        _meetingId = meeting.Id;
        Assert.True(await db.SurveyResponses.AnyAsync(r => r.Comment!.Contains(Marker)), "The comment is stored.");
        Assert.True(contactId > 0);
    }

    /// <summary>Every surface that can show a survey comment, as text, read by <paramref name="actor"/>.</summary>
    private async Task<Dictionary<string, string>> SurfacesAsync(Actor actor)
    {
        var now = Db.Clock.Now.UtcDateTime;
        var surfaces = new Dictionary<string, string>();
        var timeline = await Db.Get<GetCompanyTimeline>().HandleAsync(new TimelineQuery(CompanyId, actor));
        surfaces["virksomhedens tidslinje"] = string.Join("\n", timeline.Items.Select(i => $"{i.Title} {i.Text}"));
        var meeting = await Db.Get<MeetingBriefing>().GetAsync(_meetingId, actor);
        surfaces["mødeforberedelse"] = string.Join("\n", meeting!.Answers.Select(a => a.Comment)
            .Concat(meeting.OpenFollowUps.Select(f => $"{f.Title} {f.Description} {f.AnswerComment}")));
        surfaces["mødeforberedelse (PDF)"] = PdfRead.From((await Db.Get<CompanyReports>().BriefingAsync(_meetingId, actor))!.Content).Text;
        surfaces["virksomhedsprofil (PDF)"] = PdfRead.From((await Db.Get<CompanyReports>().DossierAsync(CompanyId, actor))!.Content).Text;
        surfaces["Målinger og dets eksport"] = string.Join("\n", (await Db.Get<SurveyResults>().HandleAsync(new ResultsQuery(), actor)).Comments.Select(c => c.Text));
        surfaces["Opfølgninger"] = string.Join("\n", (await Db.Get<ManageFollowUps>().ListAsync(FollowUpScope.All, includeDone: true, actor))
            .Select(f => $"{f.Title} {f.Description} {f.AnswerComment}"));
        if (actor.May(Policies.ManagementInsight))
        {
            var behind = await Db.Get<UnitComparison>().AnswersAsync(Byg, null, byTopic: false, now.AddDays(-30), now.AddDays(1), actor);
            Assert.NotNull(behind);
            surfaces["Sammenligning: svarene bag tallet"] = string.Join("\n", behind.Select(a => a.Comment));
        }
        return surfaces;
    }

    [Fact]
    public async Task ACommentReachesTheDirectorAdministratorsAndTheUnitsManagers_AndNobodyElse()
    {
        await SeedAsync();
        string[] mayRead = ["administrator", "direktør", "leder for Byggeri"];

        foreach (var (role, actor) in _roles)
        {
            var surfaces = await SurfacesAsync(actor);
            var showing = surfaces.Where(s => s.Value.Contains(Marker, StringComparison.Ordinal)).Select(s => s.Key).ToList();
            if (mayRead.Contains(role))
            {
                // Where the answer itself is shown, the comment is there: the timeline, the briefing, both PDFs, Målinger,
                // and the follow-up, which links to the answer.
                string[] expected = ["virksomhedens tidslinje", "mødeforberedelse", "mødeforberedelse (PDF)", "virksomhedsprofil (PDF)", "Målinger og dets eksport",
                    "Opfølgninger",
                    .. actor.May(Policies.ManagementInsight) ? ["Sammenligning: svarene bag tallet"] : Array.Empty<string>()];
                Assert.True(expected.Order().SequenceEqual(showing.Order()), $"{role} sees the comment on: {string.Join(", ", showing)}");
            }
            else
            {
                Assert.True(showing.Count == 0, $"{role} sees the comment on: {string.Join(", ", showing)}");
            }
        }
    }

    [Fact]
    public async Task TheFollowUpLinksToTheAnswer_AndNeitherItNorAnyEmailNorTheServiceReportQuotesTheComment()
    {
        await SeedAsync();

        await using var db = Db.CreateContext();
        var followUp = await db.FollowUps.SingleAsync();
        var answer = await db.SurveyResponses.SingleAsync(r => r.Comment!.Contains(Marker));
        Assert.Equal(answer.Id, followUp.SurveyResponseId);
        Assert.DoesNotContain(Marker, followUp.Description);
        var messages = await db.Messages.Select(m => m.Subject + " " + m.Body).ToListAsync();
        Assert.NotEmpty(messages);
        Assert.DoesNotContain(messages, m => m.Contains(Marker, StringComparison.Ordinal));
        var today = DanishTime.ToLocal(Db.Clock.Now.UtcDateTime).Date;
        var report = PdfRead.From(await Db.Get<ServiceReport>().BuildAsync(new PeriodRange(today.AddDays(-30), today.AddDays(1)))).Text;
        Assert.Contains("Kommentarer", report);
        Assert.DoesNotContain(Marker, report);
    }
}
