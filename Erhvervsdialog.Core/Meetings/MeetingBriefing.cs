using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.FollowUps;
using Erhvervsdialog.Core.Surveys;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Meetings;

public sealed record BriefingParticipant(string Name, string? Email, bool FromCompany, string? UserId);

public sealed record BriefingContact(DateTime OccurredAt, string UnitName, string? Topic, ContactChannel Channel, ContactStatus Status,
    string? CaseWorkerName, string? Summary);

public sealed record BriefingUnitCount(string UnitName, int Contacts);

public sealed record BriefingAnswer(DateTime SubmittedAt, string UnitName, string? Topic, int? Satisfaction, int? Recommendation,
    int? LowestScore, string? Comment);

public sealed record EarlierMeeting(int Id, DateTime StartsAt, MeetingStatus Status, string? Purpose, string? Summary, string? Decisions);

/// <summary>A company's picture across units: for a meeting's briefing (12 months before it) and for the company dossier (all of it).</summary>
public sealed record CompanyHistory(
    Company Company,
    string? KeyAccountConsultantName,
    IReadOnlyList<BriefingContact> Contacts,
    IReadOnlyList<BriefingUnitCount> ContactsPerUnit,
    IReadOnlyList<FollowUpRow> OpenFollowUps,
    IReadOnlyList<BriefingAnswer> Answers,
    IReadOnlyList<EarlierMeeting> Meetings)
{
    public const int MaxContacts = 5000;

    /// <summary>
    /// Contacts from <paramref name="since"/> up to <paramref name="until"/>; meetings other than <paramref name="exceptMeetingId"/>,
    /// newest first. Survey comments only where <paramref name="reader"/> may read them.
    /// </summary>
    public static async Task<CompanyHistory> LoadAsync(ErhvervsdialogDbContext db, Actor reader, int companyId, DateTime? since, DateTime? until,
        int? exceptMeetingId, CancellationToken cancellationToken, int latestAnswers = MeetingBriefing.LatestAnswers)
    {
        var comments = await CommentAccess.ForAsync(db, reader, cancellationToken);
        var company = await db.Companies.AsNoTracking().Include(c => c.ContactPersons).Include(c => c.ProductionUnits)
            .FirstAsync(c => c.Id == companyId, cancellationToken);
        var consultant = company.KeyAccountConsultantId is null ? null
            : await db.Users.Where(u => u.Id == company.KeyAccountConsultantId).Select(u => u.FullName).FirstOrDefaultAsync(cancellationToken);
        var contactQuery = db.Contacts.AsNoTracking().Where(c => c.CompanyId == companyId);
        if (since is { } from)
        {
            contactQuery = contactQuery.Where(c => c.OccurredAt >= from);
        }
        if (until is { } to)
        {
            contactQuery = contactQuery.Where(c => c.OccurredAt <= to);
        }
        var contacts = await contactQuery.OrderByDescending(c => c.OccurredAt)
            .Select(c => new BriefingContact(c.OccurredAt, c.Unit!.Name, c.Topic, c.Channel, c.Status,
                c.CaseWorker != null ? c.CaseWorker.FullName : null, c.Summary))
            .Take(MaxContacts).ToListAsync(cancellationToken);
        var perUnit = contacts.GroupBy(c => c.UnitName).Select(g => new BriefingUnitCount(g.Key, g.Count()))
            .OrderByDescending(u => u.Contacts).ThenBy(u => u.UnitName, StringComparer.Create(DanishTime.Culture, false)).ToList();
        var openFollowUps = await ManageFollowUps.WithAnswerCommentsAsync(db, await db.FollowUps.AsNoTracking()
            .Where(f => f.CompanyId == companyId && f.Status != FollowUpStatus.Done)
            .OrderBy(f => f.DueAt)
            .Select(ManageFollowUps.Row(db))
            .ToListAsync(cancellationToken), reader, cancellationToken);
        var answers = (await db.SurveyResponses.AsNoTracking()
            .Where(r => r.CompanyId == companyId)
            .OrderByDescending(r => r.SubmittedAt)
            .Select(r => new
            {
                r.UnitId,
                Answer = new BriefingAnswer(r.SubmittedAt, db.Units.Where(u => u.Id == r.UnitId).Select(u => u.Name).First(), r.Topic,
                    r.Satisfaction, r.Recommendation, r.LowestScore, r.Comment),
            })
            .Take(latestAnswers).ToListAsync(cancellationToken))
            .Select(r => r.Answer with { Comment = comments.Show(r.UnitId, r.Answer.Comment) }).ToList();
        var meetings = await db.DialogueMeetings.AsNoTracking()
            .Where(m => m.CompanyId == companyId && m.Id != exceptMeetingId)
            .OrderByDescending(m => m.StartsAt)
            .Select(m => new EarlierMeeting(m.Id, m.StartsAt, m.Status, m.Purpose, m.Summary, m.Decisions))
            .Take(100).ToListAsync(cancellationToken);
        return new CompanyHistory(company, consultant, contacts, perUnit, openFollowUps, answers, meetings);
    }
}

public sealed record MeetingFollowUp(int Id, string Title, string? OwnerName, string? UnitName, DateTime? DueAt, FollowUpStatus Status);

/// <summary>Everything about one meeting: its plan, the briefing (mødeforberedelse) and the minutes so far.</summary>
public sealed record MeetingView(
    DialogueMeeting Meeting,
    Company Company,
    string? KeyAccountConsultantName,
    IReadOnlyList<BriefingParticipant> Participants,
    IReadOnlyList<BriefingContact> Contacts,
    IReadOnlyList<BriefingUnitCount> ContactsPerUnit,
    IReadOnlyList<FollowUpRow> OpenFollowUps,
    IReadOnlyList<BriefingAnswer> Answers,
    IReadOnlyList<EarlierMeeting> EarlierMeetings,
    IReadOnlyList<MeetingFollowUp> FollowUpsFromMeeting);

/// <summary>
/// The briefing is assembled when it is read, so it is never stale: the company's master data, its contacts with
/// every unit in the 12 months before the meeting, its open follow-ups, its latest survey answers with comments,
/// and its earlier dialogue meetings with their decisions. Every signed-in user may read it (reads are logged).
/// </summary>
public sealed class MeetingBriefing(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, TimeProvider clock)
{
    public const int ContactMonths = 12;
    public const int LatestAnswers = 10;

    public async Task<MeetingView?> GetAsync(int meetingId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.DialogueMeetings.AsNoTracking().Include(m => m.Participants).FirstOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return null;
        }
        var history = await CompanyHistory.LoadAsync(db, actor, meeting.CompanyId, meeting.StartsAt.AddMonths(-ContactMonths), meeting.StartsAt,
            meeting.Id, cancellationToken);
        var fromMeeting = await db.FollowUps.AsNoTracking()
            .Where(f => f.MeetingId == meeting.Id)
            .OrderBy(f => f.Id)
            .Select(f => new MeetingFollowUp(f.Id, f.Title, db.Users.Where(u => u.Id == f.OwnerId).Select(u => u.FullName).FirstOrDefault(),
                db.Units.Where(u => u.Id == f.UnitId).Select(u => u.Name).FirstOrDefault(), f.DueAt, f.Status))
            .ToListAsync(cancellationToken);

        var participants = meeting.Participants
            .Select(p => new BriefingParticipant(p.Name, p.Email, p.UserId is null, p.UserId))
            .OrderBy(p => p.FromCompany).ToList();

        AccessLog.Add(db, actor, clock.GetUtcNow().UtcDateTime, AccessAction.Read, "DialogueMeeting", meeting.Id, history.Company.Name);
        await db.SaveChangesAsync(cancellationToken);
        return new MeetingView(meeting, history.Company, history.KeyAccountConsultantName, participants, history.Contacts, history.ContactsPerUnit,
            history.OpenFollowUps, history.Answers, history.Meetings.Where(m => m.StartsAt < meeting.StartsAt).ToList(), fromMeeting);
    }
}
