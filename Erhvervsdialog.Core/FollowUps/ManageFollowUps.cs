using System.Linq.Expressions;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.FollowUps;

/// <summary>What a user types for a new follow-up; the due date is a Danish calendar day.</summary>
public sealed record NewFollowUp
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public int? CompanyId { get; init; }
    /// <summary>A follow-up from a contact takes its company, and its unit unless another is chosen.</summary>
    public int? ContactId { get; init; }
    public string? OwnerId { get; init; }
    public int? UnitId { get; init; }
    public DateTime? DueDate { get; init; }
    public FollowUpPriority Priority { get; init; }
}

public enum FollowUpScope
{
    Mine,
    MyUnits,
    All,
}

public sealed record FollowUpRow(int Id, string Title, string? Description, int? CompanyId, string? CompanyName, string? UnitName,
    string? OwnerName, DateTime? DueAt, FollowUpPriority Priority, FollowUpStatus Status, FollowUpSource Source,
    DateTime CreatedAt, DateTime? EscalatedAt, string? ClosingNote, DateTime? ClosedAt, long Version, string? OwnerId, int? UnitId,
    int? MeetingId, int CommentCount, int? SurveyResponseId)
{
    /// <summary>The comment of the survey answer it came from, for those who may read it (<see cref="CommentAccess"/>).</summary>
    public string? AnswerComment { get; init; }

    public bool IsOverdue(DateTime now) => Status != FollowUpStatus.Done && DueAt < now;
}

/// <summary>"Mine opfølgninger", the unit view for managers, and recording what was done.</summary>
public sealed class ManageFollowUps(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, MessageScheduler scheduler, TimeProvider clock)
{
    public async Task<IReadOnlyList<FollowUpRow>> ListAsync(FollowUpScope scope, bool includeDone, Actor actor,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var followUps = db.FollowUps.AsNoTracking();
        if (!includeDone)
        {
            followUps = followUps.Where(f => f.Status != FollowUpStatus.Done);
        }
        var myUnits = db.UnitMembers.Where(m => m.UserId == actor.UserId).Select(m => m.UnitId);
        followUps = scope switch
        {
            FollowUpScope.Mine => followUps.Where(f => f.OwnerId == actor.UserId),
            FollowUpScope.MyUnits => followUps.Where(f => f.OwnerId == actor.UserId || (f.UnitId != null && myUnits.Contains(f.UnitId.Value))),
            _ when actor.MayOnEveryRecord(Policies.SeeFollowUps) => followUps,
            _ => followUps.Where(f => f.OwnerId == actor.UserId || (f.UnitId != null && myUnits.Contains(f.UnitId.Value))),
        };
        var rows = await followUps
            .OrderBy(f => f.Status == FollowUpStatus.Done).ThenBy(f => f.DueAt == null).ThenBy(f => f.DueAt).ThenByDescending(f => f.Priority)
            .Select(Row(db))
            .Take(1000).ToListAsync(cancellationToken);
        return await WithAnswerCommentsAsync(db, rows, actor, cancellationToken);
    }

    /// <summary>A follow-up from a survey answer links to the answer: its comment is shown to those who may read it.</summary>
    public static async Task<IReadOnlyList<FollowUpRow>> WithAnswerCommentsAsync(ErhvervsdialogDbContext db, IReadOnlyList<FollowUpRow> rows,
        Actor actor, CancellationToken cancellationToken)
    {
        var access = await CommentAccess.ForAsync(db, actor, cancellationToken);
        var answers = rows.Where(r => r.SurveyResponseId is not null && access.May(r.UnitId)).Select(r => r.SurveyResponseId!.Value).ToList();
        if (answers.Count == 0)
        {
            return rows;
        }
        var comments = await db.SurveyResponses.Where(r => answers.Contains(r.Id) && r.Comment != null)
            .ToDictionaryAsync(r => r.Id, r => r.Comment!, cancellationToken);
        return rows.Select(r => r.SurveyResponseId is { } id && comments.TryGetValue(id, out var comment) ? r with { AnswerComment = comment } : r).ToList();
    }

    /// <summary>The list row, as one SQL projection: used by the lists, the briefing and the digest.</summary>
    public static Expression<Func<FollowUp, FollowUpRow>> Row(ErhvervsdialogDbContext db) => f => new FollowUpRow(f.Id, f.Title,
        f.Description, f.CompanyId,
        db.Companies.Where(c => c.Id == f.CompanyId).Select(c => c.Name).FirstOrDefault(),
        db.Units.Where(u => u.Id == f.UnitId).Select(u => u.Name).FirstOrDefault(),
        db.Users.Where(u => u.Id == f.OwnerId).Select(u => u.FullName).FirstOrDefault(),
        f.DueAt, f.Priority, f.Status, f.Source, f.CreatedAt, f.EscalatedAt, f.ClosingNote, f.ClosedAt, f.Version, f.OwnerId, f.UnitId,
        f.MeetingId, f.Comments.Count, f.SurveyResponseId);

    /// <summary>A follow-up on its own, or from a contact; every role may create one.</summary>
    public async Task<CommandResult> CreateAsync(NewFollowUp input, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.ChangeFollowUps);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var errors = new Errors();
        var followUp = await AddAsync(db, input, input.ContactId is null ? FollowUpSource.Manual : FollowUpSource.Contact, actor, "",
            errors, now, cancellationToken);
        if (followUp is null)
        {
            return CommandResult.Invalid(errors);
        }
        await db.SaveChangesAsync(actor, now, cancellationToken);
        followUp.Messages.ForEach(scheduler.Schedule);
        return CommandResult.Ok(followUp.Id);
    }

    /// <summary>
    /// The one way a follow-up is made (by hand, in a meeting's minutes, from a survey answer): checks the fields, with
    /// errors keyed by <paramref name="prefix"/>, and adds the follow-up and the e-mails about it to the unit of work; the
    /// caller saves, then schedules <see cref="FollowUp.Messages"/>. A person must choose an owner, who is e-mailed unless
    /// they chose themselves. One the system makes (<paramref name="creator"/> null) is e-mailed to the unit's managers,
    /// or to the directors when the unit has none.
    /// </summary>
    internal static async Task<FollowUp?> AddAsync(ErhvervsdialogDbContext db, NewFollowUp input, FollowUpSource source, Actor? creator,
        string prefix, Errors errors, DateTime now, CancellationToken cancellationToken)
    {
        var before = errors.Count;
        var title = errors.Text(prefix + nameof(input.Title), input.Title, 300);
        if (title is null && !errors.ContainsKey(prefix + nameof(input.Title)))
        {
            errors.Add(prefix + nameof(input.Title), Messages.FollowUpTitleRequired);
        }
        var description = errors.Text(prefix + nameof(input.Description), input.Description, 4000);
        var owner = input.OwnerId is null ? null
            : await db.Users.Where(u => u.Id == input.OwnerId && u.IsActive).Select(u => new { u.Id, u.Email }).FirstOrDefaultAsync(cancellationToken);
        if (owner is null && (creator is not null || input.OwnerId is not null))
        {
            errors.Add(prefix + nameof(input.OwnerId), Messages.FollowUpOwnerRequired);
        }
        if (input.UnitId is { } unitId && !await db.Units.AnyAsync(u => u.Id == unitId, cancellationToken))
        {
            errors.Add(prefix + nameof(input.UnitId), Messages.Required);
        }
        if (input.CompanyId is { } companyId && !await db.Companies.AnyAsync(c => c.Id == companyId, cancellationToken))
        {
            errors.Add(prefix + nameof(input.CompanyId), Messages.CompanyRequired);
        }
        var contact = input.ContactId is { } contactId
            ? await db.Contacts.Where(c => c.Id == contactId).Select(c => new { c.Id, c.CompanyId, c.UnitId }).FirstOrDefaultAsync(cancellationToken)
            : null;
        if (input.ContactId is not null && contact is null)
        {
            errors.Add(CommandResult.ConflictKey, Messages.ContactNotFound);
        }
        DateTime? due = null;
        if (input.DueDate is { } dueDate)
        {
            if (dueDate.Date < DanishTime.ToLocal(now).Date)
            {
                errors.Add(prefix + nameof(input.DueDate), Messages.FollowUpDueInvalid);
            }
            // Due at the end of the chosen day, Danish time: overdue from the next morning.
            due = DanishTime.ToUtc(dueDate.Date.AddDays(1).AddTicks(-1));
        }
        if (errors.Count > before)
        {
            return null;
        }
        var followUp = new FollowUp
        {
            Title = title!,
            Description = description,
            OwnerId = owner?.Id,
            // A follow-up from a contact is about its company, and its unit unless another is chosen.
            CompanyId = contact?.CompanyId ?? input.CompanyId,
            UnitId = input.UnitId ?? contact?.UnitId,
            ContactId = contact?.Id,
            DueAt = due,
            Priority = input.Priority,
            Source = source,
        };
        db.FollowUps.Add(followUp);
        var recipients = creator is not null ? (owner?.Id != creator.UserId && owner?.Email is { } email ? [email] : [])
            : followUp.UnitId is { } unit && await FollowUpNotices.UnitManagersAsync(db, unit) is { Count: > 0 } managers ? managers.Select(m => m.Email).ToList()
            : await FollowUpNotices.EmailsInRoleAsync(db, Roles.Director);
        followUp.Messages.AddRange(recipients.Distinct().Select(email => FollowUpNotices.Created(followUp, email, now)));
        return followUp;
    }

    public async Task<IReadOnlyList<FollowUpComment>> CommentsAsync(int followUpId, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.SeeFollowUps);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.FollowUpComments.AsNoTracking().Where(c => c.FollowUpId == followUpId).OrderBy(c => c.CreatedAt).ToListAsync(cancellationToken);
    }

    /// <summary>Anyone signed in may comment: a case worker adds what they know, the owner what they did.</summary>
    public async Task<CommandResult> AddCommentAsync(int followUpId, string? text, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.SeeFollowUps);
        var errors = new Errors();
        var comment = errors.Text("Comment", text, 4000);
        if (comment is null && errors.Count == 0)
        {
            errors.Add("Comment", Messages.CommentRequired);
        }
        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.FollowUps.AnyAsync(f => f.Id == followUpId, cancellationToken))
        {
            return CommandResult.Conflict(Messages.FollowUpNotFound);
        }
        var entity = new FollowUpComment
        {
            FollowUpId = followUpId,
            Text = comment!,
            AuthorId = actor.UserId,
            AuthorName = actor.DisplayName,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.FollowUpComments.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        return CommandResult.Ok(entity.Id);
    }

    /// <summary>Moves a follow-up along; closing it requires a note on what was done.</summary>
    public async Task<CommandResult> UpdateStatusAsync(int id, long version, FollowUpStatus status, string? closingNote, Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.ChangeFollowUps);
        var errors = new Errors();
        var note = errors.Text("ClosingNote", closingNote, 4000);
        if (status == FollowUpStatus.Done && note is null)
        {
            errors.Add("ClosingNote", Messages.ClosingNoteRequired);
        }
        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var followUp = await db.FollowUps.FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (followUp is null)
        {
            return CommandResult.Conflict(Messages.FollowUpNotFound);
        }
        var mayChange = actor.MayOnEveryRecord(Policies.ChangeFollowUps) || followUp.OwnerId == actor.UserId
            || (followUp.UnitId is { } unitId && await db.UnitMembers.AnyAsync(m => m.UnitId == unitId && m.UserId == actor.UserId && m.IsManager, cancellationToken));
        if (!mayChange)
        {
            return CommandResult.Conflict(Messages.FollowUpForbidden);
        }
        db.Entry(followUp).Property(f => f.Version).OriginalValue = version;
        var now = clock.GetUtcNow().UtcDateTime;
        followUp.Status = status;
        followUp.ClosingNote = status == FollowUpStatus.Done ? note : followUp.ClosingNote;
        followUp.ClosedAt = status == FollowUpStatus.Done ? now : null;
        if (!await db.TrySaveChangesAsync(actor, now, cancellationToken))
        {
            return CommandResult.Conflict(Messages.FollowUpConflict);
        }
        return CommandResult.Ok(id);
    }
}
