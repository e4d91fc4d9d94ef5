using System.Text;
using System.Text.RegularExpressions;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Privacy;

/// <summary>
/// Erasing a contact person removes every copy of their name, e-mail and mobile number, not only the record: survey
/// invitations keep their answers for the statistics but no longer say whom they went to; messages to the person lose
/// recipient, text and attachment (and are cancelled if not yet sent); other messages, calendar invitations, contact
/// summaries, minutes and the logs have the name, e-mail and number replaced by "[slettet]"; meeting participants
/// become "Slettet kontaktperson". Used by deletion on the company page and by the retention job; the caller saves,
/// in one transaction with the person's removal.
/// </summary>
public static class ContactPersonErasure
{
    public const string Erased = "[slettet]";

    public static async Task<int> EraseAsync(ErhvervsdialogDbContext db, ContactPerson person, CancellationToken cancellationToken = default)
    {
        var identifiers = new[] { person.Email, person.Mobile }.OfType<string>().Where(v => v.Length > 0).ToList();
        // A single word like "Bo" would also hit "Bolig"; a name is replaced as whole words, and looked for only when it
        // is long enough to mean the person.
        var name = person.Name.Trim();
        var terms = identifiers.Concat(name.Length >= 5 ? [name] : []).ToList();
        var pattern = new Regex(string.Join('|', terms.Select(t => $@"(?<![\p{{L}}\d]){Regex.Escape(t)}(?![\p{{L}}\d])")), RegexOptions.IgnoreCase);
        string? Scrub(string? text) => text is null || terms.Count == 0 ? text : pattern.Replace(text, Erased);
        var changed = 0;

        changed += await db.SurveyInvitations.Where(i => identifiers.Contains(i.Recipient))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Recipient, Erased), cancellationToken);

        var participants = await db.MeetingParticipants
            .Where(p => p.ContactPersonId == person.Id || (person.Email != null && p.Email == person.Email)).ToListAsync(cancellationToken);
        var meetingIds = participants.Select(p => (int?)p.MeetingId).Distinct().ToList();
        foreach (var participant in participants)
        {
            participant.ContactPersonId = null;
            participant.Name = Messages.ErasedContactPerson;
            participant.Email = null;
            changed++;
        }

        // An SMS the person sent us (a survey reply): who and what are erased, what became of it is kept.
        changed += await db.IncomingSms.Where(m => identifiers.Contains(m.From))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.From, Erased).SetProperty(m => m.Text, Erased), cancellationToken);
        var messages = await db.Messages.Where(m => identifiers.Contains(m.Recipient)
                || terms.Any(t => m.Body.Contains(t) || (m.Subject != null && m.Subject.Contains(t))) || meetingIds.Contains(m.MeetingId))
            .ToListAsync(cancellationToken);
        foreach (var message in messages)
        {
            var before = (message.Recipient, message.Subject, message.Body, message.Attachment?.Length);
            if (identifiers.Contains(message.Recipient))
            {
                message.Recipient = Erased;
                message.Body = Erased;
                message.Subject = message.Subject is null ? null : Scrub(message.Subject);
                message.Attachment = null;
                message.AttachmentName = null;
                message.AttachmentType = null;
                if (message.Status == MessageStatus.Scheduled)
                {
                    message.Status = MessageStatus.Cancelled;
                }
            }
            else
            {
                message.Subject = Scrub(message.Subject);
                message.Body = Scrub(message.Body)!;
                // Calendar invitations are text and list the participants; PDFs (service reports) name no contact person.
                if (message.Attachment is { } attachment && message.AttachmentType?.StartsWith("text/", StringComparison.Ordinal) == true)
                {
                    // Unfolded first (RFC 5545 folds lines at 75 octets, which can split a name or an address).
                    var text = Encoding.UTF8.GetString(attachment).Replace("\r\n ", "", StringComparison.Ordinal).Replace("\r\n\t", "", StringComparison.Ordinal);
                    var scrubbed = Scrub(text)!;
                    message.Attachment = scrubbed == text ? attachment : Encoding.UTF8.GetBytes(scrubbed);
                }
            }
            changed += before == (message.Recipient, message.Subject, message.Body, message.Attachment?.Length) ? 0 : 1;
        }

        if (terms.Count > 0)
        {
            foreach (var contact in await db.Contacts.Where(c => c.ContactPersonId == person.Id || terms.Any(t => c.Summary!.Contains(t)))
                         .ToListAsync(cancellationToken))
            {
                contact.Summary = Scrub(contact.Summary);
                changed++;
            }
            foreach (var meeting in await db.DialogueMeetings.Where(m => terms.Any(t => m.Summary!.Contains(t) || m.Decisions!.Contains(t)))
                         .ToListAsync(cancellationToken))
            {
                meeting.Summary = Scrub(meeting.Summary);
                meeting.Decisions = Scrub(meeting.Decisions);
                changed++;
            }
            foreach (var entry in await db.AccessLog.Where(e => terms.Any(t => e.Detail!.Contains(t))).ToListAsync(cancellationToken))
            {
                entry.Detail = Scrub(entry.Detail);
            }
            foreach (var entry in await db.AuditLog.Where(e => terms.Any(t => e.Subject.Contains(t) || e.Before!.Contains(t) || e.After!.Contains(t)))
                         .ToListAsync(cancellationToken))
            {
                entry.Subject = Scrub(entry.Subject)!;
                entry.Before = Scrub(entry.Before);
                entry.After = Scrub(entry.After);
            }
        }
        db.ContactPersons.Remove(person);
        return changed;
    }
}
