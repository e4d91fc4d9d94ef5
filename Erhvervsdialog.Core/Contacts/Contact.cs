using Erhvervsdialog.Core.Api;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;

namespace Erhvervsdialog.Core.Contacts;

public enum ContactChannel
{
    Phone = 0,
    Email = 1,
    Meeting = 2,
    CompanyVisit = 3,
    SelfService = 4,
    Letter = 5,
}

public enum ContactStatus
{
    Open = 0,
    Closed = 1,
}

/// <summary>A contact (henvendelse) between a company and a municipal unit.</summary>
public class Contact : AuditedEntity
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    public Company? Company { get; set; }
    public int? ContactPersonId { get; set; }
    public ContactPerson? ContactPerson { get; set; }
    public int UnitId { get; set; }
    public MunicipalUnit? Unit { get; set; }
    public DateTime OccurredAt { get; set; }
    public ContactChannel Channel { get; set; }
    public string? Topic { get; set; }
    public string? CaseWorkerId { get; set; }
    public AppUser? CaseWorker { get; set; }
    /// <summary>Journalnummer in the unit's case system.</summary>
    public string? CaseReference { get; set; }
    /// <summary>When the case was received and decided (Danish calendar days): the measured handling time, set against
    /// how the company experienced it (<see cref="Overview.HandlingTimes"/>).</summary>
    public DateOnly? CaseReceivedOn { get; set; }
    /// <inheritdoc cref="CaseReceivedOn"/>
    public DateOnly? CaseDecidedOn { get; set; }
    public string? Summary { get; set; }
    public ContactStatus Status { get; set; }
    public DateTime? ClosedAt { get; set; }
    /// <summary>Whether the company may be asked about this contact in a survey.</summary>
    public bool SurveyAllowed { get; set; } = true;
    /// <summary>What happened about the survey for this contact: planned, or why not.</summary>
    public string? SurveyNote { get; set; }
    /// <summary>The case system that reported the contact, with its own id for it; null when typed in by hand.</summary>
    public int? ApiClientId { get; set; }
    public ApiClient? ApiClient { get; set; }
    public string? ExternalId { get; set; }
}

/// <summary>An internal note on a company's timeline.</summary>
public class CompanyNote
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    public string Text { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string CreatedById { get; set; } = "";
    public string CreatedByName { get; set; } = "";
}
