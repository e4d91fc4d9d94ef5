using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Contacts;

public enum TimelineKind
{
    Contact,
    Note,
    SurveyAnswer,
    FollowUp,
    Meeting,
}

/// <summary>One entry in a company's history; later issues add meetings, follow-ups and survey answers as kinds.</summary>
public sealed record TimelineItem(TimelineKind Kind, int Id, DateTime At, int? UnitId, string? UnitName, string Title,
    string? Text, string? Who, ContactStatus? Status, ContactChannel? Channel, string? SurveyNote = null);

/// <summary>"Who has been in touch": a unit or a person, with the date of their last contact.</summary>
public sealed record LastTouch(string Name, string? Detail, DateTime LastAt, int Count);

public sealed record CompanyTimeline(IReadOnlyList<TimelineItem> Items, int Total, IReadOnlyList<LastTouch> Units,
    IReadOnlyList<LastTouch> People);

/// <summary>One page of a company's timeline. <c>Reader</c> is who reads it: survey comments are shown only to the director and the unit's managers.</summary>
public sealed record TimelineQuery(int CompanyId, Actor Reader, int? UnitId = null, TimelineKind? Kind = null, int Take = 50);

/// <summary>A company's whole history across all units, newest first, with who has been in touch.</summary>
public sealed class GetCompanyTimeline(IDbContextFactory<ErhvervsdialogDbContext> dbFactory)
{
    public async Task<CompanyTimeline> HandleAsync(TimelineQuery query, CancellationToken cancellationToken = default)
    {
        query.Reader.Demand(Policies.SignedIn);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var take = Math.Clamp(query.Take, 1, 5000);

        var contacts = db.Contacts.AsNoTracking().Where(c => c.CompanyId == query.CompanyId);
        if (query.UnitId is { } unitId)
        {
            contacts = contacts.Where(c => c.UnitId == unitId);
        }
        var notes = db.CompanyNotes.AsNoTracking().Where(n => n.CompanyId == query.CompanyId);
        var includeContacts = query.Kind is null or TimelineKind.Contact;
        // Notes belong to no unit, so a unit filter shows contacts only.
        var includeNotes = query.Kind is null or TimelineKind.Note && query.UnitId is null;

        var items = new List<TimelineItem>();
        var total = 0;
        if (includeContacts)
        {
            total += await contacts.CountAsync(cancellationToken);
            items.AddRange(await contacts.OrderByDescending(c => c.OccurredAt).ThenByDescending(c => c.Id).Take(take)
                .Select(c => new TimelineItem(TimelineKind.Contact, c.Id, c.OccurredAt, c.UnitId, c.Unit!.Name,
                    c.Topic ?? "", c.Summary, c.CaseWorker == null ? null : c.CaseWorker.FullName, c.Status, c.Channel, c.SurveyNote))
                .ToListAsync(cancellationToken));
        }
        if (includeNotes)
        {
            total += await notes.CountAsync(cancellationToken);
            items.AddRange(await notes.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(take)
                .Select(n => new TimelineItem(TimelineKind.Note, n.Id, n.CreatedAt, null, null, "", n.Text,
                    n.CreatedByName, null, null))
                .ToListAsync(cancellationToken));
        }
        if (query.Kind is null or TimelineKind.SurveyAnswer)
        {
            var answers = db.SurveyResponses.AsNoTracking().Where(r => r.CompanyId == query.CompanyId);
            if (query.UnitId is { } answerUnit)
            {
                answers = answers.Where(r => r.UnitId == answerUnit);
            }
            total += await answers.CountAsync(cancellationToken);
            var comments = await CommentAccess.ForAsync(db, query.Reader, cancellationToken);
            var rows = await answers.OrderByDescending(r => r.SubmittedAt).Take(take)
                .Select(r => new
                {
                    r.Id, r.SubmittedAt, r.UnitId, Unit = db.Units.Where(u => u.Id == r.UnitId).Select(u => u.Name).First(),
                    r.Satisfaction, r.Recommendation, r.Comment, r.MayContact
                })
                .ToListAsync(cancellationToken);
            items.AddRange(rows.Select(r => new TimelineItem(TimelineKind.SurveyAnswer, r.Id, r.SubmittedAt, r.UnitId, r.Unit,
                string.Format(Messages.TimelineSurveyTitle, r.Satisfaction?.ToString(DanishTime.Culture) ?? "–", r.Recommendation?.ToString(DanishTime.Culture) ?? "–"),
                comments.Show(r.UnitId, r.Comment), r.MayContact ? Messages.TimelineMayContact : null, null, null)));
        }
        if (query.Kind is null or TimelineKind.FollowUp)
        {
            var followUps = db.FollowUps.AsNoTracking().Where(f => f.CompanyId == query.CompanyId);
            if (query.UnitId is { } followUpUnit)
            {
                followUps = followUps.Where(f => f.UnitId == followUpUnit);
            }
            total += await followUps.CountAsync(cancellationToken);
            var rows = await followUps.OrderByDescending(f => f.CreatedAt).Take(take)
                .Select(f => new
                {
                    f.Id, f.CreatedAt, f.UnitId, f.Title, f.Status, f.ClosingNote, f.Description,
                    Unit = db.Units.Where(u => u.Id == f.UnitId).Select(u => u.Name).FirstOrDefault(),
                    Owner = db.Users.Where(u => u.Id == f.OwnerId).Select(u => u.FullName).FirstOrDefault()
                })
                .ToListAsync(cancellationToken);
            items.AddRange(rows.Select(f => new TimelineItem(TimelineKind.FollowUp, f.Id, f.CreatedAt, f.UnitId, f.Unit,
                f.Status == FollowUps.FollowUpStatus.Done ? string.Format(Messages.TimelineFollowUpDone, f.Title) : f.Title,
                f.Status == FollowUps.FollowUpStatus.Done ? f.ClosingNote : f.Description, f.Owner, null, null)));
        }
        if (query.Kind is null or TimelineKind.Meeting && query.UnitId is null)
        {
            var meetings = db.DialogueMeetings.AsNoTracking().Where(m => m.CompanyId == query.CompanyId);
            total += await meetings.CountAsync(cancellationToken);
            var rows = await meetings.OrderByDescending(m => m.StartsAt).Take(take)
                .Select(m => new { m.Id, m.StartsAt, m.Status, m.Purpose, Names = m.Participants.Select(p => p.Name).ToList() })
                .ToListAsync(cancellationToken);
            items.AddRange(rows.Select(m => new TimelineItem(TimelineKind.Meeting, m.Id, m.StartsAt, null, null,
                m.Status switch
                {
                    Meetings.MeetingStatus.Held => Messages.TimelineMeetingHeld,
                    Meetings.MeetingStatus.Cancelled => Messages.TimelineMeetingCancelled,
                    _ => Messages.TimelineMeetingPlanned,
                },
                m.Purpose, string.Join(", ", m.Names), null, null)));
        }
        var page = items.OrderByDescending(i => i.At).ThenByDescending(i => i.Id).Take(take).ToList();

        var all = db.Contacts.AsNoTracking().Where(c => c.CompanyId == query.CompanyId);
        var units = (await all.GroupBy(c => c.Unit!.Name)
                .Select(g => new { Name = g.Key, LastAt = g.Max(c => c.OccurredAt), Count = g.Count() })
                .ToListAsync(cancellationToken))
            .Select(g => new LastTouch(g.Name, null, g.LastAt, g.Count)).OrderByDescending(t => t.LastAt).ToList();
        var people = (await all.Where(c => c.CaseWorkerId != null)
                .GroupBy(c => new { c.CaseWorker!.FullName, Unit = c.Unit!.ShortName })
                .Select(g => new { g.Key.FullName, g.Key.Unit, LastAt = g.Max(c => c.OccurredAt), Count = g.Count() })
                .ToListAsync(cancellationToken))
            .Select(g => new LastTouch(g.FullName, g.Unit, g.LastAt, g.Count)).OrderByDescending(t => t.LastAt).ToList();
        return new CompanyTimeline(page, total, units, people);
    }
}
