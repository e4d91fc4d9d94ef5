using Erhvervsdialog.Core.Contacts;

namespace Erhvervsdialog.Core.Surveys;

public enum QuestionKind
{
    /// <summary>1–5 with Danish labels from "Meget utilfreds" to "Meget tilfreds".</summary>
    Scale5 = 0,
    /// <summary>0–10, "would you recommend".</summary>
    Recommendation = 1,
    YesNo = 2,
    Text = 3,
}

/// <summary>The business-climate category a question informs.</summary>
public enum QuestionCategory
{
    None = 0,
    CaseHandling = 1,
    InformationAndDialogue = 2,
    Service = 3,
}

/// <summary>A survey template; a unit may have its own, otherwise the default (UnitId null) is used.</summary>
public class SurveyTemplate
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public int? UnitId { get; set; }
    public List<SurveyTemplateVersion> Versions { get; set; } = [];
}

/// <summary>A frozen set of questions. Editing a template makes a new version; an answer keeps the version it answered.</summary>
public class SurveyTemplateVersion
{
    public int Id { get; set; }
    public int TemplateId { get; set; }
    public int Number { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedByName { get; set; } = "";
    public List<SurveyQuestion> Questions { get; set; } = [];
}

public class SurveyQuestion
{
    public int Id { get; set; }
    public int VersionId { get; set; }
    public int Order { get; set; }
    public QuestionKind Kind { get; set; }
    public string Text { get; set; } = "";
    public QuestionCategory Category { get; set; }
    public bool Required { get; set; }
}

public enum InvitationStatus
{
    /// <summary>Waiting for its message to be sent.</summary>
    Pending = 0,
    Sent = 1,
    Answered = 2,
    Expired = 3,
    /// <summary>The message could not be delivered.</summary>
    Failed = 4,
}

public enum SurveyChannel
{
    Sms = 0,
    Email = 1,
}

/// <summary>The survey invitation for one contact; the database allows one per contact.</summary>
public class SurveyInvitation
{
    public int Id { get; set; }
    public int ContactId { get; set; }
    public Contact? Contact { get; set; }
    public int CompanyId { get; set; }
    public int UnitId { get; set; }
    public int TemplateVersionId { get; set; }
    public SurveyChannel Channel { get; set; }
    /// <summary>E.164 phone number or e-mail address.</summary>
    public string Recipient { get; set; } = "";
    /// <summary>Random bytes the link's token is derived from with the server's key; the token itself is never stored.</summary>
    public byte[] TokenNonce { get; set; } = [];
    /// <summary>SHA-256 of the token, to find the invitation from a link.</summary>
    public byte[] TokenHash { get; set; } = [];
    public InvitationStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? AnsweredAt { get; set; }
    /// <summary>The invitation and its reminder.</summary>
    public List<Messaging.Message> Messages { get; set; } = [];
}

/// <summary>A company's answer; one per invitation.</summary>
public class SurveyResponse
{
    public int Id { get; set; }
    public int InvitationId { get; set; }
    public SurveyInvitation? Invitation { get; set; }
    public int TemplateVersionId { get; set; }
    public DateTime SubmittedAt { get; set; }
    /// <summary>Copied from the contact so results can be grouped without joins.</summary>
    public int UnitId { get; set; }
    public int CompanyId { get; set; }
    public string? Topic { get; set; }
    public ContactChannel ContactChannel { get; set; }
    public DateTime ContactOccurredAt { get; set; }
    /// <summary>The first 1–5 question: overall satisfaction.</summary>
    public int? Satisfaction { get; set; }
    /// <summary>The 0–10 recommendation question.</summary>
    public int? Recommendation { get; set; }
    /// <summary>The lowest 1–5 answer; at or below the threshold it is a low score.</summary>
    public int? LowestScore { get; set; }
    public string? Comment { get; set; }
    /// <summary>"Må vi kontakte dig?"</summary>
    public bool MayContact { get; set; }
    /// <summary>The signed-in user who submitted the answer through the link, if one did (it should be the company).</summary>
    public string? SubmittedBy { get; set; }
    /// <summary>Answered by replying to the SMS with a score; the link stays open for the other questions until they are
    /// answered there too.</summary>
    public bool PartialBySms { get; set; }
    public List<SurveyAnswer> Answers { get; set; } = [];
}

public class SurveyAnswer
{
    public int Id { get; set; }
    public int ResponseId { get; set; }
    public int QuestionId { get; set; }
    public int? Number { get; set; }
    public bool? YesNo { get; set; }
    public string? Text { get; set; }
}
