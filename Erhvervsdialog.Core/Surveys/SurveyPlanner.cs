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
public sealed class SurveyPlanner(IOptions<SurveyOptions> options, IOptions<MunicipalityOptions> municipality, IOptions<MessagingOptions> messaging,
    SurveyTokens tokens) : IMessageHook
{
    private SurveyOptions Options => options.Value;

    /// <summary>Replies reach us only through GatewayAPI's webhook; only then does the SMS ask for a reply.</summary>
    private bool RepliesReceived => messaging.Value.Sms.GatewayApi.ReceivesReplies;

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
        var message = Compose(invitation, MessageKind.SurveyInvitation, unitName, contact.OccurredAt, due, now,
            await ReplyQuestionAsync(db, invitation.TemplateVersionId, cancellationToken));
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
            SendTime(sentAt.AddDays(Options.ReminderAfterDays), invitation.Channel), sentAt,
            await ReplyQuestionAsync(db, invitation.TemplateVersionId, cancellationToken));
        invitation.Messages.Add(reminder);
        return [reminder];
    }

    /// <summary>SMS are planned only between the configured hours, Danish time (and held there when sent).</summary>
    public DateTime SendTime(DateTime utc, SurveyChannel channel) =>
        channel == SurveyChannel.Sms ? messaging.Value.Sms.EarliestSendTime(utc) : utc;

    /// <summary>
    /// The gateway could not deliver the SMS (a number no longer in use, a phone off past the validity): the survey goes
    /// by e-mail instead when the contact person or the company has an address, its SMS reminder with it; otherwise the
    /// invitation is failed.
    /// </summary>
    public async Task<IReadOnlyList<Message>> OnDeliveryFailedAsync(ErhvervsdialogDbContext db, Message message, CancellationToken cancellationToken)
    {
        if (message.Channel != MessageChannel.Sms
            || await db.SurveyInvitations.Include(i => i.Contact).FirstOrDefaultAsync(i => i.Id == message.SurveyInvitationId, cancellationToken)
                is not { Status: InvitationStatus.Pending or InvitationStatus.Sent, Channel: SurveyChannel.Sms } invitation)
        {
            return [];
        }
        var now = message.DeliveryReportedAt ?? message.SentAt ?? message.CreatedAt;
        var waiting = await db.Messages.Where(m => m.SurveyInvitationId == invitation.Id && m.Channel == MessageChannel.Sms
            && m.Status == MessageStatus.Scheduled).ToListAsync(cancellationToken);
        waiting.ForEach(m => m.Status = MessageStatus.Cancelled);
        var email = (invitation.Contact!.ContactPersonId is { } personId
                ? await db.ContactPersons.Where(p => p.Id == personId).Select(p => p.Email).FirstOrDefaultAsync(cancellationToken)
                : null)
            ?? await db.Companies.Where(c => c.Id == invitation.CompanyId).Select(c => c.Email).FirstAsync(cancellationToken);
        if (email is null)
        {
            invitation.Status = InvitationStatus.Failed;
            invitation.Contact.SurveyNote = Messages.SurveySmsUndelivered;
            return [];
        }
        invitation.Channel = SurveyChannel.Email;
        invitation.Recipient = email;
        invitation.Contact.SurveyNote = string.Format(Messages.SurveySmsFellBackToEmail, email);
        var unitName = await db.Units.Where(u => u.Id == invitation.UnitId).Select(u => u.Name).FirstAsync(cancellationToken);
        var fallback = Compose(invitation, message.Kind, unitName, invitation.Contact.OccurredAt, now, now, null);
        List<Message> added = [fallback, .. waiting.Where(m => m.Kind == MessageKind.SurveyReminder)
            .Select(m => Compose(invitation, MessageKind.SurveyReminder, unitName, invitation.Contact.OccurredAt, m.DueAt, now, null))];
        invitation.Messages.AddRange(added);
        return added;
    }

    /// <summary>
    /// An SMS from a number we sent a survey to. "STOP" opts the company out. A score (1–5, words after it are a comment)
    /// answers the first question of the newest open survey to that number, with a follow-up for a low score exactly as
    /// on the page; the link stays open for the rest. The same answer again is recorded once. Anything else is kept for
    /// staff to read.
    /// </summary>
    public async Task<IReadOnlyList<Message>> OnReplyAsync(ErhvervsdialogDbContext db, IncomingSms reply, CancellationToken cancellationToken)
    {
        var now = reply.ReceivedAt;
        var invitations = await db.SurveyInvitations.Include(i => i.Contact)
            .Where(i => i.Channel == SurveyChannel.Sms && i.Recipient == reply.From && i.SentAt != null)
            .OrderByDescending(i => i.SentAt).ThenByDescending(i => i.Id).Take(20).ToListAsync(cancellationToken);
        var open = invitations.FirstOrDefault(i => i.Status == InvitationStatus.Sent && !(i.ExpiresAt < now));
        var invitation = open ?? invitations.FirstOrDefault();
        if (invitation is null)
        {
            reply.Note = Messages.ReplyNoSurvey;
            return [];
        }
        reply.SurveyInvitationId = invitation.Id;
        reply.CompanyId = invitation.CompanyId;
        if (SmsReply.IsStop(reply.Text))
        {
            await AnswerSurvey.OptOutAsync(db, invitation, cancellationToken);
            reply.Outcome = ReplyOutcome.OptedOut;
            reply.Note = Messages.ReplyOptedOut;
            return [];
        }
        if (SmsReply.Score(reply.Text) is not { } score)
        {
            reply.Note = Messages.ReplyNotUnderstood;
            return [];
        }
        if (await db.IncomingSms.AnyAsync(m => m.From == reply.From && m.SurveyInvitationId == invitation.Id
                && m.Outcome == ReplyOutcome.SurveyAnswer && m.Text == reply.Text, cancellationToken))
        {
            reply.Outcome = ReplyOutcome.Duplicate;
            reply.Note = Messages.ReplyDuplicate;
            return [];
        }
        if (open is null)
        {
            reply.Note = invitation.Status == InvitationStatus.Answered ? Messages.ReplyAlreadyAnswered : Messages.ReplyExpired;
            return [];
        }
        var questions = await db.SurveyQuestions.AsNoTracking().Where(q => q.VersionId == invitation.TemplateVersionId)
            .OrderBy(q => q.Order).ToListAsync(cancellationToken);
        if (questions.FirstOrDefault(q => q.Kind == QuestionKind.Scale5) is not { } first)
        {
            reply.Note = Messages.ReplyNotUnderstood;
            return [];
        }
        List<SurveyAnswer> answers = [new SurveyAnswer { QuestionId = first.Id, Number = score.Value }];
        if (score.Comment is { } comment && questions.FirstOrDefault(q => q.Kind == QuestionKind.Text) is { } textQuestion
            && comment.Length <= AnswerSurvey.MaxTextLength && !Validators.HasControlCharacters(comment))
        {
            answers.Add(new SurveyAnswer { QuestionId = textQuestion.Id, Text = comment });
        }
        var followUp = await AnswerSurvey.RecordAsync(db, invitation, null, questions, answers, mayContact: false, signedInUser: null,
            bySmsReply: true, Options, now, cancellationToken);
        reply.Outcome = ReplyOutcome.SurveyAnswer;
        reply.Note = string.Format(Messages.ReplyRecorded, score.Value, first.Text);
        return followUp?.Messages ?? [];
    }

    /// <summary>The question an SMS asks to be answered by reply: the survey's first 1–5 question.</summary>
    private async Task<string?> ReplyQuestionAsync(ErhvervsdialogDbContext db, int versionId, CancellationToken cancellationToken) =>
        RepliesReceived
            ? await db.SurveyQuestions.Where(q => q.VersionId == versionId && q.Kind == QuestionKind.Scale5).OrderBy(q => q.Order)
                .Select(q => q.Text).FirstOrDefaultAsync(cancellationToken)
            : null;

    private Message Compose(SurveyInvitation invitation, MessageKind kind, string unitName, DateTime contactOccurredAt,
        DateTime due, DateTime now, string? replyQuestion)
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
            Body = invitation.Channel == SurveyChannel.Sms && replyQuestion is not null
                ? string.Format(reminder ? Messages.SurveyReminderSmsReply : Messages.SurveySmsReply, municipality.Value.Municipality, unitName, date, LinkPlaceholder, replyQuestion)
                : invitation.Channel == SurveyChannel.Sms
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
