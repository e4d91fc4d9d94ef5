using System.Linq.Expressions;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
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
    int? MeetingId, int CommentCount)
{
    public bool IsOverdue(DateTime now) => Status != FollowUpStatus.Done && DueAt < now;
}

/// <summary>"Mine opfølgninger", the unit view for managers, and recording what was done.</summary>
public sealed class ManageFollowUps(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, TimeProvider clock)
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
        return await followUps
            .OrderBy(f => f.Status == FollowUpStatus.Done).ThenBy(f => f.DueAt == null).ThenBy(f => f.DueAt).ThenByDescending(f => f.Priority)
            .Select(Row(db))
            .Take(1000).ToListAsync(cancellationToken);
    }

    /// <summary>The list row, as one SQL projection: used by the lists, the briefing and the digest.</summary>
    public static Expression<Func<FollowUp, FollowUpRow>> Row(ErhvervsdialogDbContext db) => f => new FollowUpRow(f.Id, f.Title,
        f.Description, f.CompanyId,
        db.Companies.Where(c => c.Id == f.CompanyId).Select(c => c.Name).FirstOrDefault(),
        db.Units.Where(u => u.Id == f.UnitId).Select(u => u.Name).FirstOrDefault(),
        db.Users.Where(u => u.Id == f.OwnerId).Select(u => u.FullName).FirstOrDefault(),
        f.DueAt, f.Priority, f.Status, f.Source, f.CreatedAt, f.EscalatedAt, f.ClosingNote, f.ClosedAt, f.Version, f.OwnerId, f.UnitId,
        f.MeetingId, f.Comments.Count);

    /// <summary>A follow-up on its own (or from a meeting's minutes, through its validation); every role may create one.</summary>
    public async Task<CommandResult> CreateAsync(NewFollowUp input, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.ChangeFollowUps);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var errors = new Errors();
        var followUp = await ValidateAsync(db, input, "", errors, now, cancellationToken);
        if (input.CompanyId is { } companyId && !await db.Companies.AnyAsync(c => c.Id == companyId, cancellationToken))
        {
            errors.Add(nameof(input.CompanyId), Messages.CompanyRequired);
        }
        if (followUp is null || errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }
        followUp.CompanyId = input.CompanyId;
        followUp.Source = FollowUpSource.Manual;
        if (input.ContactId is { } contactId)
        {
            var contact = await db.Contacts.Where(c => c.Id == contactId).Select(c => new { c.CompanyId, c.UnitId }).FirstOrDefaultAsync(cancellationToken);
            if (contact is null)
            {
                return CommandResult.Conflict(Messages.ContactNotFound);
            }
            (followUp.ContactId, followUp.CompanyId, followUp.UnitId, followUp.Source) =
                (contactId, contact.CompanyId, followUp.UnitId ?? contact.UnitId, FollowUpSource.Contact);
        }
        db.FollowUps.Add(followUp);
        await db.SaveChangesAsync(actor, now, cancellationToken);
        return CommandResult.Ok(followUp.Id);
    }

    /// <summary>Checks a new follow-up's fields (errors keyed with <paramref name="prefix"/>) and builds it, unsaved.</summary>
    internal static async Task<FollowUp?> ValidateAsync(ErhvervsdialogDbContext db, NewFollowUp input, string prefix, Errors errors,
        DateTime now, CancellationToken cancellationToken)
    {
        var before = errors.Count;
        var title = errors.Text(prefix + nameof(input.Title), input.Title, 300);
        if (title is null && !errors.ContainsKey(prefix + nameof(input.Title)))
        {
            errors.Add(prefix + nameof(input.Title), Messages.FollowUpTitleRequired);
        }
        var description = errors.Text(prefix + nameof(input.Description), input.Description, 4000);
        if (input.OwnerId is null || !await db.Users.AnyAsync(u => u.Id == input.OwnerId && u.IsActive, cancellationToken))
        {
            errors.Add(prefix + nameof(input.OwnerId), Messages.FollowUpOwnerRequired);
        }
        if (input.UnitId is { } unitId && !await db.Units.AnyAsync(u => u.Id == unitId, cancellationToken))
        {
            errors.Add(prefix + nameof(input.UnitId), Messages.Required);
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
        return new FollowUp
        {
            Title = title!,
            Description = description,
            OwnerId = input.OwnerId,
            UnitId = input.UnitId,
            DueAt = due,
            Priority = input.Priority,
        };
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
