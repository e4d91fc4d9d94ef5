using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.Meetings;

public sealed record ExternalParticipant(string? Name, string? Email);

public sealed record PlanMeetingCommand
{
    public int Id { get; init; }
    public long Version { get; init; }
    public int CompanyId { get; init; }
    /// <summary>Danish local time, as the user typed it.</summary>
    public DateTime? LocalStart { get; init; }
    public DateTime? LocalEnd { get; init; }
    public string? Place { get; init; }
    public string? OnlineLink { get; init; }
    public string? Purpose { get; init; }
    public IReadOnlyList<string> Agenda { get; init; } = [];
    public IReadOnlyList<string> UserIds { get; init; } = [];
    public IReadOnlyList<int> ContactPersonIds { get; init; } = [];
    public IReadOnlyList<ExternalParticipant> External { get; init; } = [];
}

public sealed record MeetingRow(int Id, int CompanyId, string CompanyName, DateTime StartsAt, DateTime EndsAt, string? Place,
    string? OnlineLink, string? Purpose, IReadOnlyList<string> Agenda, MeetingStatus Status, IReadOnlyList<string> Participants, long Version);

/// <summary>
/// Directors and managers plan dialogue meetings; everyone sees them. Times are entered in Danish time and stored in
/// UTC, so a meeting keeps its wall-clock time across a daylight-saving change. (Invitations, briefings and minutes
/// build on this in the meetings issue.)
/// </summary>
public sealed class PlanMeeting(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, MessageScheduler scheduler,
    IOptions<MessagingOptions> messaging, IOptions<DialogueOptions> dialogue, TimeProvider clock)
{

    public async Task<CommandResult> HandleAsync(PlanMeetingCommand command, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.PlanMeetings);
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new Errors();
        var start = ToUtc(command.LocalStart, nameof(command.LocalStart), errors);
        // Without a start (no date chosen) the missing end is the same mistake: say it once, at the date.
        var end = command.LocalStart is null ? null : ToUtc(command.LocalEnd, nameof(command.LocalEnd), errors);
        if (start is not null && end is not null && end <= start)
        {
            errors.Add(nameof(command.LocalEnd), Messages.MeetingEndBeforeStart);
        }
        var place = errors.Text(nameof(command.Place), command.Place, 300);
        var link = errors.Text(nameof(command.OnlineLink), command.OnlineLink, 500);
        if (link is not null && Validators.ToWebsite(link) is null)
        {
            errors.Add(nameof(command.OnlineLink), Messages.WebsiteInvalid);
        }
        var purpose = errors.Text(nameof(command.Purpose), command.Purpose, 4000);
        var agenda = command.Agenda.Select(Validators.Trimmed).OfType<string>().ToList();
        if (agenda.Any(a => a.Length > 300))
        {
            errors.Add(nameof(command.Agenda), string.Format(Messages.TooLong, 300));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        DialogueMeeting? meeting = null;
        if (command.Id != 0)
        {
            meeting = await db.DialogueMeetings.Include(m => m.Participants).FirstOrDefaultAsync(m => m.Id == command.Id, cancellationToken);
            if (meeting is null)
            {
                return CommandResult.Conflict(Messages.MeetingNotFound);
            }
            if (!MayChange(meeting, actor))
            {
                return CommandResult.Conflict(Messages.MeetingForbidden);
            }
        }
        // A meeting may keep a start in the past (editing after it was held); a new or moved one may not.
        if (start is not null && start < now && (meeting is null || meeting.StartsAt != start))
        {
            errors.Add(nameof(command.LocalStart), Messages.MeetingInPast);
        }
        if (!await db.Companies.AnyAsync(c => c.Id == command.CompanyId, cancellationToken))
        {
            errors.Add(nameof(command.CompanyId), Messages.CompanyRequired);
        }
        var participants = new List<MeetingParticipant>();
        foreach (var user in await db.Users.Where(u => command.UserIds.Contains(u.Id)).ToListAsync(cancellationToken))
        {
            participants.Add(new MeetingParticipant { UserId = user.Id, Name = user.FullName, Email = user.Email });
        }
        foreach (var person in await db.ContactPersons.Where(p => command.ContactPersonIds.Contains(p.Id) && p.CompanyId == command.CompanyId)
                     .ToListAsync(cancellationToken))
        {
            participants.Add(new MeetingParticipant { ContactPersonId = person.Id, Name = person.Name, Email = person.Email });
        }
        foreach (var external in command.External.Where(e => Validators.Trimmed(e.Name) is not null || Validators.Trimmed(e.Email) is not null))
        {
            participants.Add(new MeetingParticipant { Name = Validators.Trimmed(external.Name) ?? "", Email = Validators.Trimmed(external.Email) });
        }
        if (participants.Count == 0)
        {
            errors.Add("Participants", Messages.MeetingNeedsParticipants);
        }
        foreach (var participant in participants.Where(p => p.Name.Length == 0 || p.Email is null || !Validators.IsEmail(p.Email)))
        {
            errors.Add("Participants", participant.Name.Length == 0
                ? Messages.MeetingParticipantNameMissing
                : string.Format(Messages.MeetingParticipantNoEmail, participant.Name));
        }
        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }

        var isNew = meeting is null;
        var previous = meeting?.Participants.Select(p => p.Email!).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        var before = meeting is null ? null : Snapshot(meeting);
        var removed = meeting?.Participants.Where(p => !participants.Any(n => string.Equals(n.Email, p.Email, StringComparison.OrdinalIgnoreCase))).ToList() ?? [];
        if (meeting is null)
        {
            meeting = new DialogueMeeting();
            db.DialogueMeetings.Add(meeting);
        }
        else
        {
            db.Entry(meeting).Property(m => m.Version).OriginalValue = command.Version;
            db.MeetingParticipants.RemoveRange(meeting.Participants);
            meeting.Participants.Clear();
            db.Entry(meeting).State = EntityState.Modified;
        }
        meeting.CompanyId = command.CompanyId;
        meeting.StartsAt = start!.Value;
        meeting.EndsAt = end!.Value;
        meeting.Place = place;
        meeting.OnlineLink = link is null ? null : Validators.ToWebsite(link);
        meeting.Purpose = purpose;
        meeting.Agenda = agenda;
        meeting.Participants.AddRange(participants);

        var messages = new List<Message>();
        if (isNew || Snapshot(meeting) != before)
        {
            var companyName = await db.Companies.Where(c => c.Id == meeting.CompanyId).Select(c => c.Name).FirstAsync(cancellationToken);
            var organizer = await OrganizerAsync(db, actor, cancellationToken);
            if (!isNew)
            {
                meeting.Sequence++;
                await CancelRemindersAsync(db, meeting.Id, cancellationToken);
                var leaving = new DialogueMeeting { CalendarUid = meeting.CalendarUid, Sequence = meeting.Sequence, StartsAt = meeting.StartsAt, EndsAt = meeting.EndsAt, Participants = removed };
                messages.AddRange(MeetingNotices.Invitations(leaving, removed, MeetingNotices.Change.Cancel, companyName, organizer, now));
            }
            messages.AddRange(MeetingNotices.Invitations(meeting, participants.Where(p => previous.Contains(p.Email!)), MeetingNotices.Change.Update, companyName, organizer, now));
            messages.AddRange(MeetingNotices.Invitations(meeting, participants.Where(p => !previous.Contains(p.Email!)), MeetingNotices.Change.Invite, companyName, organizer, now));
            messages.AddRange(MeetingNotices.Reminders(meeting, companyName, organizer.Name, dialogue.Value.ReminderHour, now));
            meeting.Messages.AddRange(messages);
        }
        if (!await db.TrySaveChangesAsync(actor, now, cancellationToken))
        {
            return CommandResult.Conflict(Messages.MeetingConflict);
        }
        messages.ForEach(scheduler.Schedule);
        return CommandResult.Ok(meeting.Id);
    }

    /// <summary>Cancels a meeting; it stays in the history with its status.</summary>
    public async Task<CommandResult> CancelAsync(int id, long version, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.PlanMeetings);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var meeting = await db.DialogueMeetings.Include(m => m.Participants).FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (meeting is null)
        {
            return CommandResult.Conflict(Messages.MeetingNotFound);
        }
        if (!MayChange(meeting, actor))
        {
            return CommandResult.Conflict(Messages.MeetingForbidden);
        }
        if (meeting.Status == MeetingStatus.Cancelled)
        {
            return CommandResult.Ok(id);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        db.Entry(meeting).Property(m => m.Version).OriginalValue = version;
        meeting.Status = MeetingStatus.Cancelled;
        meeting.Sequence++;
        await CancelRemindersAsync(db, id, cancellationToken);
        var companyName = await db.Companies.Where(c => c.Id == meeting.CompanyId).Select(c => c.Name).FirstAsync(cancellationToken);
        // Only a meeting still to come is cancelled in the participants' calendars; its follow-ups stay as they are.
        var messages = meeting.EndsAt > now
            ? MeetingNotices.Invitations(meeting, meeting.Participants, MeetingNotices.Change.Cancel, companyName,
                await OrganizerAsync(db, actor, cancellationToken), now).ToList()
            : [];
        meeting.Messages.AddRange(messages);
        if (!await db.TrySaveChangesAsync(actor, now, cancellationToken))
        {
            return CommandResult.Conflict(Messages.MeetingConflict);
        }
        messages.ForEach(scheduler.Schedule);
        return CommandResult.Ok(id);
    }

    /// <summary>The planner as the invitations' organizer; the system's sender address when the planner has no e-mail.</summary>
    internal async Task<MeetingCalendar.Organizer> OrganizerAsync(ErhvervsdialogDbContext db, Actor actor, CancellationToken cancellationToken)
    {
        var email = await db.Users.Where(u => u.Id == actor.UserId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
        return new MeetingCalendar.Organizer(actor.DisplayName, email ?? messaging.Value.Smtp.From);
    }

    /// <summary>Reminders not yet sent are cancelled; a job that still fires for one finds it cancelled and sends nothing.</summary>
    private static async Task CancelRemindersAsync(ErhvervsdialogDbContext db, int meetingId, CancellationToken cancellationToken)
    {
        var reminders = await db.Messages
            .Where(m => m.MeetingId == meetingId && m.Kind == MessageKind.MeetingReminder && m.Status == MessageStatus.Scheduled)
            .ToListAsync(cancellationToken);
        reminders.ForEach(r => r.Status = MessageStatus.Cancelled);
    }

    /// <summary>What the participants see; a change in any of it is worth an update.</summary>
    private static string Snapshot(DialogueMeeting m) => string.Join('|', m.StartsAt.Ticks, m.EndsAt.Ticks, m.Place, m.OnlineLink, m.Purpose,
        string.Join('¶', m.Agenda), string.Join('¶', m.Participants.Select(p => $"{p.Name}<{p.Email}>").Order(StringComparer.Ordinal)), m.CompanyId);

    /// <summary>Danish wall-clock time to UTC; a time skipped by the spring change to summer time is refused.</summary>
    private static DateTime? ToUtc(DateTime? local, string field, Errors errors)
    {
        if (local is not { } value)
        {
            errors.Add(field, Messages.Required);
            return null;
        }
        var unspecified = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
        if (DanishTime.Zone.IsInvalidTime(unspecified))
        {
            errors.Add(field, Messages.MeetingTimeSkipped);
            return null;
        }
        return DanishTime.ToUtc(unspecified);
    }

    /// <summary>
    /// The director and administrators change any meeting; a manager only one they planned or take part in, so nobody
    /// moves or cancels the director's meeting with a company behind their back.
    /// </summary>
    public static bool MayChange(DialogueMeeting meeting, Actor actor) =>
        actor.MayOnEveryRecord(Policies.PlanMeetings)
        || (actor.May(Policies.PlanMeetings) && (meeting.CreatedById == actor.UserId || meeting.Participants.Any(p => p.UserId == actor.UserId)));
}
