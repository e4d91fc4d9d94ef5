using Erhvervsdialog.Core.Common;

namespace Erhvervsdialog.Core.Meetings;

public enum MeetingStatus
{
    Planned = 0,
    Held = 1,
    Cancelled = 2,
}

/// <summary>A dialogue meeting (dialogmøde) between the municipality's leadership and a company.</summary>
public class DialogueMeeting : AuditedEntity
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    public Companies.Company? Company { get; set; }
    /// <summary>UTC; entered and shown in Danish time.</summary>
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
    public string? Place { get; set; }
    public string? OnlineLink { get; set; }
    public string? Purpose { get; set; }
    /// <summary>Agenda items, in order.</summary>
    public List<string> Agenda { get; set; } = [];
    public MeetingStatus Status { get; set; }
    /// <summary>The iCalendar UID the invitations will carry; the same for every update of the meeting.</summary>
    public Guid CalendarUid { get; set; } = Guid.NewGuid();
    /// <summary>The iCalendar SEQUENCE of the last invitation sent: 0 for the first, one higher for each update or the cancellation.</summary>
    public int Sequence { get; set; }
    /// <summary>Minutes (referat): what was said.</summary>
    public string? Summary { get; set; }
    /// <summary>Minutes: what was decided, one decision per line.</summary>
    public string? Decisions { get; set; }
    public DateTime? HeldAt { get; set; }
    public DateTime? MinutesSentAt { get; set; }
    public List<MeetingParticipant> Participants { get; set; } = [];
    /// <summary>Invitations, updates, cancellations, reminders and minutes.</summary>
    public List<Messaging.Message> Messages { get; set; } = [];
}

/// <summary>A municipal participant (a user), or one from the company (a contact person, or a name and e-mail typed in).</summary>
public class MeetingParticipant
{
    public int Id { get; set; }
    public int MeetingId { get; set; }
    public string? UserId { get; set; }
    public int? ContactPersonId { get; set; }
    public string Name { get; set; } = "";
    public string? Email { get; set; }
}
