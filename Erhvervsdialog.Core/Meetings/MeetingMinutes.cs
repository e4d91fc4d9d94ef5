using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.FollowUps;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Meetings;

public sealed record MinutesCommand
{
    public int MeetingId { get; init; }
    public long Version { get; init; }
    public string? Summary { get; init; }
    public string? Decisions { get; init; }
    public bool MarkHeld { get; init; }
    /// <summary>New follow-ups written in the minutes; existing ones are kept as they are.</summary>
    public IReadOnlyList<NewFollowUp> FollowUps { get; init; } = [];
}

/// <summary>
/// The minutes (referat): summary, decisions and follow-ups written inline, saved with the meeting in one
/// transaction; marking it held; and e-mailing the minutes (text and PDF) to the company's participants.
/// Planners and the meeting's municipal participants may write them.
/// </summary>
public sealed class MeetingMinutes(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, MessageScheduler scheduler, MeetingBriefing briefing,
    Reports.CompanyReports reports, TimeProvider clock)
{
    public async Task<CommandResult> SaveAsync(MinutesCommand command, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.WriteMinutes);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.DialogueMeetings.Include(m => m.Participants).FirstOrDefaultAsync(m => m.Id == command.MeetingId, cancellationToken);
        if (meeting is null)
        {
            return CommandResult.Conflict(Messages.MeetingNotFound);
        }
        if (!MayWrite(meeting, actor))
        {
            return CommandResult.Conflict(Messages.FollowUpForbidden);
        }
        var errors = new Errors();
        if (meeting.Status == MeetingStatus.Cancelled)
        {
            errors.Add(nameof(command.Summary), Messages.MeetingCancelledNoMinutes);
        }
        var summary = errors.Text(nameof(command.Summary), command.Summary, 8000);
        var decisions = errors.Text(nameof(command.Decisions), command.Decisions, 8000);
        if (command.MarkHeld && meeting.StartsAt > now)
        {
            errors.Add(nameof(command.MarkHeld), Messages.MeetingNotHeldYet);
        }
        var followUps = new List<FollowUp>();
        for (var i = 0; i < command.FollowUps.Count; i++)
        {
            var followUp = await ManageFollowUps.AddAsync(db, command.FollowUps[i] with { CompanyId = meeting.CompanyId }, FollowUpSource.Meeting,
                actor, $"FollowUps[{i}].", errors, now, cancellationToken);
            if (followUp is not null)
            {
                followUp.MeetingId = meeting.Id;
                followUps.Add(followUp);
            }
        }
        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }
        db.Entry(meeting).Property(m => m.Version).OriginalValue = command.Version;
        meeting.Summary = summary;
        meeting.Decisions = decisions;
        if (command.MarkHeld && meeting.Status == MeetingStatus.Planned)
        {
            meeting.Status = MeetingStatus.Held;
            meeting.HeldAt = now;
        }
        db.Entry(meeting).State = EntityState.Modified;
        if (!await db.TrySaveChangesAsync(actor, now, cancellationToken))
        {
            return CommandResult.Conflict(Messages.MeetingConflict);
        }
        followUps.SelectMany(f => f.Messages).ToList().ForEach(scheduler.Schedule);
        return CommandResult.Ok(meeting.Id);
    }

    /// <summary>
    /// E-mails the minutes to the company's participants: what we heard, and what we will do. Whoever takes part may
    /// write the minutes; what is sent to the company in the municipality's name is the planners' decision.
    /// </summary>
    public async Task<CommandResult> SendAsync(int meetingId, long version, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.PlanMeetings);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.DialogueMeetings.Include(m => m.Participants).FirstOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return CommandResult.Conflict(Messages.MeetingNotFound);
        }
        if (!PlanMeeting.MayChange(meeting, actor))
        {
            return CommandResult.Conflict(Messages.MeetingForbidden);
        }
        if (meeting.Summary is null && meeting.Decisions is null)
        {
            return CommandResult.Invalid(new Errors { { nameof(MinutesCommand.Summary), Messages.MinutesNeedSummary } });
        }
        var recipients = meeting.Participants.Where(p => p.UserId is null && p.Email is not null).Select(p => p.Email!).ToList();
        if (recipients.Count == 0)
        {
            return CommandResult.Invalid(new Errors { { "Participants", Messages.MinutesNoCompanyRecipients } });
        }
        var companyName = await db.Companies.Where(c => c.Id == meeting.CompanyId).Select(c => c.Name).FirstAsync(cancellationToken);
        var followUps = await db.FollowUps.Where(f => f.MeetingId == meeting.Id).OrderBy(f => f.Id)
            .Select(f => new ValueTuple<string, string?, DateTime?>(f.Title, db.Users.Where(u => u.Id == f.OwnerId).Select(u => u.FullName).FirstOrDefault(), f.DueAt))
            .ToListAsync(cancellationToken);
        var messages = MeetingNotices.Minutes(meeting, recipients, companyName, followUps, actor.DisplayName, now).ToList();
        // The minutes go along as a PDF, for the company's records.
        var pdf = reports.Minutes((await briefing.GetAsync(meetingId, actor, cancellationToken))!, now);
        foreach (var message in messages)
        {
            (message.AttachmentName, message.AttachmentType, message.Attachment) = (pdf.FileName, Reports.ReportFile.ContentType, pdf.Content);
        }
        db.Entry(meeting).Property(m => m.Version).OriginalValue = version;
        meeting.MinutesSentAt = now;
        meeting.Messages.AddRange(messages);
        if (!await db.TrySaveChangesAsync(actor, now, cancellationToken))
        {
            return CommandResult.Conflict(Messages.MeetingConflict);
        }
        messages.ForEach(scheduler.Schedule);
        return CommandResult.Ok(meeting.Id);
    }

    public static bool MayWrite(DialogueMeeting meeting, Actor actor) =>
        actor.MayOnEveryRecord(Policies.WriteMinutes) || meeting.Participants.Any(p => p.UserId == actor.UserId);
}
