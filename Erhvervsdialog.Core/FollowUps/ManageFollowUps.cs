using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Resources;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.FollowUps;

public enum FollowUpScope
{
    Mine,
    MyUnits,
    All,
}

public sealed record FollowUpRow(int Id, string Title, string? Description, int? CompanyId, string? CompanyName, string? UnitName,
    string? OwnerName, DateTime? DueAt, FollowUpPriority Priority, FollowUpStatus Status, FollowUpSource Source,
    DateTime CreatedAt, DateTime? EscalatedAt, string? ClosingNote, DateTime? ClosedAt, long Version)
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
            _ when actor.IsInAnyRole($"{Roles.Administrator},{Roles.Director}") => followUps,
            _ => followUps.Where(f => f.OwnerId == actor.UserId || (f.UnitId != null && myUnits.Contains(f.UnitId.Value))),
        };
        return await followUps
            .OrderBy(f => f.Status == FollowUpStatus.Done).ThenBy(f => f.DueAt).ThenByDescending(f => f.Priority)
            .Select(f => new FollowUpRow(f.Id, f.Title, f.Description, f.CompanyId,
                db.Companies.Where(c => c.Id == f.CompanyId).Select(c => c.Name).FirstOrDefault(),
                db.Units.Where(u => u.Id == f.UnitId).Select(u => u.Name).FirstOrDefault(),
                db.Users.Where(u => u.Id == f.OwnerId).Select(u => u.FullName).FirstOrDefault(),
                f.DueAt, f.Priority, f.Status, f.Source, f.CreatedAt, f.EscalatedAt, f.ClosingNote, f.ClosedAt, f.Version))
            .Take(1000).ToListAsync(cancellationToken);
    }

    /// <summary>Moves a follow-up along; closing it requires a note on what was done.</summary>
    public async Task<CommandResult> UpdateStatusAsync(int id, long version, FollowUpStatus status, string? closingNote, Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Demand(string.Join(',', Roles.All));
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
        var mayChange = actor.IsInAnyRole($"{Roles.Administrator},{Roles.Director}") || followUp.OwnerId == actor.UserId
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
        try
        {
            await db.SaveChangesAsync(actor, now, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CommandResult.Conflict(Messages.FollowUpConflict);
        }
        return CommandResult.Ok(id);
    }
}
