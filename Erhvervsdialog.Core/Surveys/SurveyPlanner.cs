using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.Surveys;

/// <summary>
/// When a contact is closed (in the UI or through the API), decides whether the company may be surveyed and, if so,
/// adds the invitation and its message to the same unit of work, so both are saved with the closing or not at all.
/// An ineligible contact gets the reason in <see cref="Contact.SurveyNote"/>.
/// As the survey's <see cref="IMessageHook"/> it fills in the link when a message is sent or shown, marks the invitation
/// sent (and plans its reminder) or failed, and drops a reminder once the survey is answered.
/// </summary>
public sealed class SurveyPlanner(IOptions<SurveyOptions> options, IOptions<MunicipalityOptions> municipality, SurveyTokens tokens)
    : IMessageHook
{
    private SurveyOptions Options => options.Value;

    public async Task<Message?> PlanAsync(ErhvervsdialogDbContext db, Contact contact, DateTime now, CancellationToken cancellationToken)
    {
        if (contact.Id != 0 && await db.SurveyInvitations.AnyAsync(i => i.ContactId == contact.Id, cancellationToken))
        {
            return null;
        }
        var company = await db.Companies.AsNoTracking().FirstAsync(c => c.Id == contact.CompanyId, cancellationToken);
        var person = contact.ContactPersonId is { } personId
            ? await db.ContactPersons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, cancellationToken)
            : null;
        var since = now.AddDays(-Options.MinDaysBetweenSurveys);
        var recent = await db.SurveyInvitations.Where(i => i.CompanyId == contact.CompanyId && i.CreatedAt >= since)
            .OrderByDescending(i => i.CreatedAt).Select(i => (DateTime?)i.CreatedAt).FirstOrDefaultAsync(cancellationToken);

        (SurveyChannel Channel, string Recipient)? target = person?.Mobile is { } mobile ? (SurveyChannel.Sms, mobile)
            : person?.Email is { } personEmail ? (SurveyChannel.Email, personEmail)
            : company.Email is { } companyEmail ? (SurveyChannel.Email, companyEmail)
            : null;
        var reason = !contact.SurveyAllowed ? Messages.SurveyNotAllowed
            : company.SurveyOptOut ? Messages.SurveyCompanyOptedOut
            : person?.SurveyOptOut == true ? Messages.SurveyPersonOptedOut
            : target is null ? Messages.SurveyNoRecipient
            : recent is { } last ? string.Format(Messages.SurveyRecent, DanishTime.Date(last), Options.MinDaysBetweenSurveys)
            : null;
        if (reason is not null)
        {
            contact.SurveyNote = reason;
            return null;
        }

        var version = await TemplateVersionForAsync(db, contact.UnitId, cancellationToken);
        if (version is null)
        {
            contact.SurveyNote = Messages.SurveyNoTemplate;
            return null;
        }
        var unitName = await db.Units.Where(u => u.Id == contact.UnitId).Select(u => u.Name).FirstAsync(cancellationToken);
        var nonce = SurveyTokens.NewNonce();
        var invitation = new SurveyInvitation
        {
            Contact = contact,
            CompanyId = contact.CompanyId,
            UnitId = contact.UnitId,
            TemplateVersionId = version.Value,
            Channel = target!.Value.Channel,
            Recipient = target.Value.Recipient,
            TokenNonce = nonce,
            TokenHash = SurveyTokens.Hash(tokens.Token(nonce)),
            Status = InvitationStatus.Pending,
            CreatedAt = now,
        };
        db.SurveyInvitations.Add(invitation);
        var due = SendTime(now + Options.SendDelay, invitation.Channel);
        var message = Compose(invitation, MessageKind.SurveyInvitation, unitName, contact.OccurredAt, due, now);
        invitation.Messages.Add(message);
        contact.SurveyNote = string.Format(Messages.SurveyPlanned, DanishTime.DateTimeText(due),
            invitation.Channel == SurveyChannel.Sms ? "SMS" : "e-mail");
        return message;
    }

    /// <inheritdoc/>
    public IReadOnlySet<MessageKind> Kinds { get; } = new HashSet<MessageKind> { MessageKind.SurveyInvitation, MessageKind.SurveyReminder };

    /// <summary>A reminder is sent only while the survey is sent and unanswered.</summary>
    public Task<bool> StillWantedAsync(ErhvervsdialogDbContext db, Message message, CancellationToken cancellationToken) =>
        message.Kind != MessageKind.SurveyReminder ? Task.FromResult(true)
            : db.SurveyInvitations.AnyAsync(i => i.Id == message.SurveyInvitationId && i.Status == InvitationStatus.Sent, cancellationToken);

    /// <summary>The texts with the link filled in; the token is computed, never stored.</summary>
    public async Task<IReadOnlyDictionary<int, string>> BodiesAsync(ErhvervsdialogDbContext db, IReadOnlyList<Message> messages,
        CancellationToken cancellationToken)
    {
        var ids = messages.Select(m => m.SurveyInvitationId).OfType<int>().Distinct().ToList();
        var nonces = await db.SurveyInvitations.Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.TokenNonce, cancellationToken);
        return messages.Where(m => m.SurveyInvitationId is { } id && nonces.ContainsKey(id))
            .ToDictionary(m => m.Id, m => m.Body.Replace(LinkPlaceholder, Link(nonces[m.SurveyInvitationId!.Value]), StringComparison.Ordinal));
    }

    /// <summary>
    /// A sent invitation opens its link for the configured days and gets its reminder; a failed one is marked failed.
    /// (A person's "it did arrive" in the outbox counts as sent.)
    /// </summary>
    public async Task<IReadOnlyList<Message>> OnOutcomeAsync(ErhvervsdialogDbContext db, Message message, CancellationToken cancellationToken)
    {
        if (message.Kind != MessageKind.SurveyInvitation || message.Status is not (MessageStatus.Sent or MessageStatus.Failed)
            || await db.SurveyInvitations.Include(i => i.Contact).FirstOrDefaultAsync(i => i.Id == message.SurveyInvitationId, cancellationToken)
                is not { Status: InvitationStatus.Pending or InvitationStatus.Failed } invitation)
        {
            return [];
        }
        if (message.Status == MessageStatus.Failed)
        {
            invitation.Status = InvitationStatus.Failed;
            return [];
        }
        var sentAt = message.SentAt!.Value;
        invitation.Status = InvitationStatus.Sent;
        invitation.SentAt = sentAt;
        invitation.ExpiresAt = sentAt.AddDays(Options.LinkValidDays);
        var unitName = await db.Units.Where(u => u.Id == invitation.UnitId).Select(u => u.Name).FirstAsync(cancellationToken);
        var reminder = Compose(invitation, MessageKind.SurveyReminder, unitName, invitation.Contact!.OccurredAt,
            SendTime(sentAt.AddDays(Options.ReminderAfterDays), invitation.Channel), sentAt);
        invitation.Messages.Add(reminder);
        return [reminder];
    }

    /// <summary>SMS are sent only between the configured hours, Danish time; otherwise at the next opening.</summary>
    public DateTime SendTime(DateTime utc, SurveyChannel channel)
    {
        if (channel != SurveyChannel.Sms)
        {
            return utc;
        }
        var local = DanishTime.ToLocal(utc);
        if (local.Hour >= Options.SmsFromHour && local.Hour < Options.SmsToHour)
        {
            return utc;
        }
        var day = local.Hour >= Options.SmsToHour ? local.Date.AddDays(1) : local.Date;
        return DanishTime.ToUtc(day.AddHours(Options.SmsFromHour));
    }

    private Message Compose(SurveyInvitation invitation, MessageKind kind, string unitName, DateTime contactOccurredAt,
        DateTime due, DateTime now)
    {
        var date = DanishTime.Date(contactOccurredAt);
        var reminder = kind == MessageKind.SurveyReminder;
        return new Message
        {
            Kind = kind,
            Channel = invitation.Channel == SurveyChannel.Sms ? MessageChannel.Sms : MessageChannel.Email,
            Recipient = invitation.Recipient,
            Subject = invitation.Channel == SurveyChannel.Email
                ? string.Format(reminder ? Messages.SurveyReminderSubject : Messages.SurveyEmailSubject, municipality.Value.Municipality)
                : null,
            Body = invitation.Channel == SurveyChannel.Sms
                ? string.Format(reminder ? Messages.SurveyReminderSms : Messages.SurveySms, municipality.Value.Municipality, unitName, date, LinkPlaceholder)
                : string.Format(reminder ? Messages.SurveyReminderEmail : Messages.SurveyEmail, municipality.Value.Municipality, unitName, date, LinkPlaceholder, Options.LinkValidDays),
            Status = MessageStatus.Scheduled,
            CreatedAt = now,
            DueAt = due,
        };
    }

    public const string LinkPlaceholder = Message.LinkPlaceholder;

    /// <summary>The invitation's public link; computed when sent or shown, never stored.</summary>
    public string Link(SurveyInvitation invitation) => Link(invitation.TokenNonce);

    private string Link(byte[] nonce) => $"{Options.PublicBaseUrl.TrimEnd('/')}/s/{tokens.Token(nonce)}";

    private static async Task<int?> TemplateVersionForAsync(ErhvervsdialogDbContext db, int unitId, CancellationToken cancellationToken)
    {
        var templateId = await db.SurveyTemplates.Where(t => t.UnitId == unitId).Select(t => (int?)t.Id).FirstOrDefaultAsync(cancellationToken)
            ?? await db.SurveyTemplates.Where(t => t.UnitId == null).OrderBy(t => t.Id).Select(t => (int?)t.Id).FirstOrDefaultAsync(cancellationToken);
        return templateId is null ? null
            : await db.SurveyTemplateVersions.Where(v => v.TemplateId == templateId).OrderByDescending(v => v.Number)
                .Select(v => (int?)v.Id).FirstOrDefaultAsync(cancellationToken);
    }
}
