using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Meetings;

/// <summary>Reading meetings: one for editing, or those in a period for the calendar, the company page and Overblik.</summary>
public sealed class MeetingQueries(IDbContextFactory<ErhvervsdialogDbContext> dbFactory)
{
    /// <summary>One meeting with its company and participants, for editing.</summary>
    public async Task<DialogueMeeting?> GetAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.PlanMeetings);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.DialogueMeetings.AsNoTracking().Include(m => m.Company).Include(m => m.Participants)
            .FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
    }

    /// <summary>Meetings in a period (UTC), optionally only those the user takes part in or for one company; every signed-in user may read them.</summary>
    public async Task<IReadOnlyList<MeetingRow>> ListAsync(Actor actor, DateTime? fromUtc, DateTime? toUtc, string? participantUserId = null,
        int? companyId = null, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.SignedIn);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var meetings = db.DialogueMeetings.AsNoTracking();
        if (fromUtc is { } from)
        {
            meetings = meetings.Where(m => m.EndsAt >= from);
        }
        if (toUtc is { } to)
        {
            meetings = meetings.Where(m => m.StartsAt < to);
        }
        if (participantUserId is not null)
        {
            meetings = meetings.Where(m => m.Participants.Any(p => p.UserId == participantUserId));
        }
        if (companyId is { } company)
        {
            meetings = meetings.Where(m => m.CompanyId == company);
        }
        var rows = await meetings.OrderBy(m => m.StartsAt).Take(500)
            .Select(m => new { m, CompanyName = m.Company!.Name, Participants = m.Participants.Select(p => p.Name).ToList() })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new MeetingRow(r.m.Id, r.m.CompanyId, r.CompanyName, r.m.StartsAt, r.m.EndsAt, r.m.Place, r.m.OnlineLink,
            r.m.Purpose, r.m.Agenda, r.m.Status, r.Participants, r.m.Version)).ToList();
    }
}
