using Erhvervsdialog.Core.Common;

namespace Erhvervsdialog.Core.FollowUps;

public enum FollowUpStatus
{
    Open = 0,
    InProgress = 1,
    Done = 2,
}

public enum FollowUpSource
{
    Manual = 0,
    LowScore = 1,
    CallBackRequest = 2,
    Contact = 3,
    Meeting = 4,
}

public enum FollowUpPriority
{
    Normal = 0,
    High = 1,
}

/// <summary>Something someone must do and close with a note: from a low survey score, a meeting, a contact, or on its own.</summary>
public class FollowUp : AuditedEntity
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public int? CompanyId { get; set; }
    public int? UnitId { get; set; }
    public string? OwnerId { get; set; }
    public DateTime? DueAt { get; set; }
    public FollowUpPriority Priority { get; set; }
    public FollowUpStatus Status { get; set; }
    public FollowUpSource Source { get; set; }
    public int? SurveyResponseId { get; set; }
    public Surveys.SurveyResponse? SurveyResponse { get; set; }
    public int? ContactId { get; set; }
    public string? ClosingNote { get; set; }
    public DateTime? ClosedAt { get; set; }
    public DateTime? EscalatedAt { get; set; }
    public int? MeetingId { get; set; }
    /// <summary>When the owner's unit manager was told that it is overdue.</summary>
    public DateTime? OverdueEscalatedAt { get; set; }
    public List<FollowUpComment> Comments { get; set; } = [];
    /// <summary>The e-mails about it: created, escalated, overdue.</summary>
    public List<Messaging.Message> Messages { get; set; } = [];
}

public class FollowUpComment
{
    public int Id { get; set; }
    public int FollowUpId { get; set; }
    public string Text { get; set; } = "";
    public string? AuthorId { get; set; }
    public string AuthorName { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
