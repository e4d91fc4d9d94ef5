namespace Erhvervsdialog.Core.Messaging;

public enum MessageChannel
{
    Email = 0,
    Sms = 1,
}

public enum MessageStatus
{
    /// <summary>Waiting for <see cref="Message.DueAt"/>; also after a failed attempt that will be retried.</summary>
    Scheduled = 0,
    /// <summary>Claimed by a job that is sending it now.</summary>
    Sending = 1,
    Sent = 2,
    /// <summary>Gave up after the retries, or the provider refused it for good.</summary>
    Failed = 3,
    /// <summary>The outcome is unknown (the process stopped mid-send): a person decides, it is never resent by itself.</summary>
    NeedsReview = 4,
    /// <summary>No longer needed (a reminder for an answered survey).</summary>
    Cancelled = 5,
}

public enum MessageKind
{
    SurveyInvitation = 0,
    SurveyReminder = 1,
    FollowUpCreated = 2,
    FollowUpEscalated = 3,
    MeetingInvitation = 4,
    MeetingUpdate = 5,
    MeetingCancellation = 6,
    MeetingReminder = 7,
    MeetingMinutes = 8,
    FollowUpDigest = 9,
    FollowUpOverdue = 10,
    ServiceReport = 11,
    /// <summary>To the administrators: a nightly task (the backup) failed, or the SMS gateway refused our credentials.</summary>
    OperationsAlert = 12,
}

/// <summary>What the SMS gateway's delivery report said about a sent message (e-mail has none).</summary>
public enum MessageDelivery
{
    Delivered = 1,
    /// <summary>Refused or undeliverable (e.g. a number no longer in use).</summary>
    Failed = 2,
    /// <summary>Not delivered within the validity period (phone off for days).</summary>
    Expired = 3,
}

/// <summary>
/// Every message the system sends or would send: the application's table is the truth, a job carries only its id.
/// When no SMTP server or SMS gateway is configured, messages are "sent" to this table only (the Udbakke).
/// </summary>
public class Message
{
    /// <summary>Where a text's link goes; the owning feature fills it in when the message is sent (see <see cref="IMessageHook"/>).</summary>
    public const string LinkPlaceholder = "{link}";

    public int Id { get; set; }
    public MessageKind Kind { get; set; }
    public MessageChannel Channel { get; set; }
    public string Recipient { get; set; } = "";
    public string? Subject { get; set; }
    /// <summary>The text; a survey link is written as {link} and filled in when sent or shown, so no token is stored.</summary>
    public string Body { get; set; } = "";
    public MessageStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime DueAt { get; set; }
    public DateTime? ClaimedAt { get; set; }
    public DateTime? SentAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    /// <summary>Where it went: SMTP, SMS gateway, or the built-in outbox.</summary>
    public string? Transport { get; set; }
    public string? ProviderMessageId { get; set; }
    /// <summary>The gateway's delivery report, when one has come; see <see cref="SmsWebhook"/>.</summary>
    public MessageDelivery? Delivery { get; set; }
    public DateTime? DeliveryReportedAt { get; set; }
    public string? DeliveryError { get; set; }
    /// <summary>The record a message is about. Messaging does not read them: each feature links its own messages (through
    /// its entity's <c>Messages</c>) and reacts to their outcomes through its <see cref="IMessageHook"/>.</summary>
    public int? SurveyInvitationId { get; set; }
    /// <inheritdoc cref="SurveyInvitationId"/>
    public int? FollowUpId { get; set; }
    /// <inheritdoc cref="SurveyInvitationId"/>
    public int? MeetingId { get; set; }
    /// <summary>One attachment, sent with the e-mail: an .ics invitation or a PDF.</summary>
    public string? AttachmentName { get; set; }
    public string? AttachmentType { get; set; }
    public byte[]? Attachment { get; set; }
}
