using System.Text;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Messaging;

namespace Erhvervsdialog.Core.Meetings;

/// <summary>
/// The e-mails about a dialogue meeting: invitations and updates with the .ics attached, cancellations, the reminder
/// the day before, and the minutes. They are rows in the message table, sent by the same job as the surveys.
/// </summary>
public static class MeetingNotices
{
    public enum Change
    {
        Invite,
        Update,
        Cancel,
    }

    /// <summary>One e-mail per participant with an address, each with the meeting's .ics (REQUEST, or CANCEL).</summary>
    public static IEnumerable<Message> Invitations(DialogueMeeting meeting, IEnumerable<MeetingParticipant> recipients, Change change,
        string companyName, MeetingCalendar.Organizer organizer, DateTime now)
    {
        var cancel = change == Change.Cancel;
        var ics = Encoding.UTF8.GetBytes(MeetingCalendar.Invitation(meeting, companyName, organizer, now, cancel));
        var when = When(meeting);
        var (kind, subject, lead) = change switch
        {
            Change.Invite => (MessageKind.MeetingInvitation, Messages.MeetingInvitationSubject, Messages.MeetingInvitationLead),
            Change.Update => (MessageKind.MeetingUpdate, Messages.MeetingUpdateSubject, Messages.MeetingUpdateLead),
            _ => (MessageKind.MeetingCancellation, Messages.MeetingCancelSubject, Messages.MeetingCancelLead),
        };
        var body = new StringBuilder(string.Format(lead, companyName)).AppendLine().AppendLine();
        Details(body, meeting, withAgenda: !cancel);
        body.AppendLine().AppendLine(Messages.MeetingAttachmentNote).AppendLine().Append(string.Format(Messages.Signature, organizer.Name));
        foreach (var participant in recipients.Where(p => p.Email is not null))
        {
            yield return new Message
            {
                Kind = kind,
                Channel = MessageChannel.Email,
                Recipient = participant.Email!,
                Subject = string.Format(subject, companyName, when),
                Body = body.ToString(),
                Status = MessageStatus.Scheduled,
                CreatedAt = now,
                DueAt = now,
                AttachmentName = MeetingCalendar.FileName,
                AttachmentType = $"{MeetingCalendar.ContentType}; method={(cancel ? "CANCEL" : "REQUEST")}; charset=utf-8",
                Attachment = ics,
            };
        }
    }

    /// <summary>When the reminder goes out: the day before the meeting at the given hour, Danish time.</summary>
    public static DateTime ReminderDue(DialogueMeeting meeting, int hour) =>
        DanishTime.ToUtc(DanishTime.ToLocal(meeting.StartsAt).Date.AddDays(-1).AddHours(hour));

    /// <summary>The reminders for every participant, or none when the day-before moment has passed already.</summary>
    public static IEnumerable<Message> Reminders(DialogueMeeting meeting, string companyName, string senderName, int hour, DateTime now)
    {
        var due = ReminderDue(meeting, hour);
        if (due <= now)
        {
            yield break;
        }
        var body = new StringBuilder(string.Format(Messages.MeetingReminderLead, companyName)).AppendLine().AppendLine();
        Details(body, meeting, withAgenda: true);
        body.AppendLine().Append(string.Format(Messages.Signature, senderName));
        var start = DanishTime.ToLocal(meeting.StartsAt).ToString("HH:mm", DanishTime.Culture);
        foreach (var participant in meeting.Participants.Where(p => p.Email is not null))
        {
            yield return new Message
            {
                Kind = MessageKind.MeetingReminder,
                Channel = MessageChannel.Email,
                Recipient = participant.Email!,
                Subject = string.Format(Messages.MeetingReminderSubject, companyName, start),
                Body = body.ToString(),
                Status = MessageStatus.Scheduled,
                CreatedAt = now,
                DueAt = due,
            };
        }
    }

    /// <summary>The minutes to the company's participants: what we heard, what was decided, what we will do.</summary>
    public static IEnumerable<Message> Minutes(DialogueMeeting meeting, IEnumerable<string> recipients, string companyName,
        IEnumerable<(string Title, string? Owner, DateTime? DueAt)> followUps, string senderName, DateTime now)
    {
        var body = new StringBuilder(string.Format(Messages.MinutesLead, When(meeting))).AppendLine().AppendLine();
        if (meeting.Summary is not null)
        {
            body.AppendLine(Messages.MinutesSummaryHeading).AppendLine(meeting.Summary).AppendLine();
        }
        if (meeting.Decisions is not null)
        {
            body.AppendLine(Messages.MinutesDecisionsHeading).AppendLine(meeting.Decisions).AppendLine();
        }
        var promised = followUps.ToList();
        if (promised.Count > 0)
        {
            body.AppendLine(Messages.MinutesFollowUpsHeading);
            foreach (var (title, owner, dueAt) in promised)
            {
                body.AppendLine(string.Format(Messages.MinutesFollowUpLine, title, owner ?? "–", DanishTime.Date(dueAt)));
            }
            body.AppendLine();
        }
        body.Append(string.Format(Messages.Signature, senderName));
        foreach (var email in recipients.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            yield return new Message
            {
                Kind = MessageKind.MeetingMinutes,
                Channel = MessageChannel.Email,
                Recipient = email,
                Subject = string.Format(Messages.MeetingMinutesSubject, companyName, DanishTime.Date(meeting.StartsAt)),
                Body = body.ToString(),
                Status = MessageStatus.Scheduled,
                CreatedAt = now,
                DueAt = now,
            };
        }
    }

    /// <summary>"torsdag 26-11-2026 kl. 10:00–11:00".</summary>
    public static string When(DialogueMeeting meeting)
    {
        var start = DanishTime.ToLocal(meeting.StartsAt);
        var end = DanishTime.ToLocal(meeting.EndsAt);
        return $"{start.ToString("dddd dd-MM-yyyy 'kl.' HH:mm", DanishTime.Culture)}–{end.ToString("HH:mm", DanishTime.Culture)}";
    }

    private static void Details(StringBuilder body, DialogueMeeting meeting, bool withAgenda)
    {
        body.AppendLine(string.Format(Messages.MeetingTimeLine, When(meeting)));
        if (meeting.Place is not null)
        {
            body.AppendLine(string.Format(Messages.MeetingPlaceLine, meeting.Place));
        }
        if (meeting.OnlineLink is not null)
        {
            body.AppendLine(string.Format(Messages.MeetingOnlineLine, meeting.OnlineLink));
        }
        if (!withAgenda)
        {
            return;
        }
        if (meeting.Purpose is not null)
        {
            body.AppendLine().AppendLine(string.Format(Messages.MeetingPurposeLine, meeting.Purpose));
        }
        if (meeting.Agenda.Count > 0)
        {
            body.AppendLine().AppendLine(Messages.MeetingAgendaHeading);
            for (var i = 0; i < meeting.Agenda.Count; i++)
            {
                body.AppendLine($"{i + 1}. {meeting.Agenda[i]}");
            }
        }
    }
}
