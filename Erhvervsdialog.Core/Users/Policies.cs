using static Erhvervsdialog.Core.Users.Roles;

namespace Erhvervsdialog.Core.Users;

/// <summary>
/// Which roles a policy admits, and for which of them it holds on every record. For the others it holds only where
/// <see cref="RecordRule"/> does; the named use case checks that rule on the record itself.
/// </summary>
public sealed record PolicyRule(IReadOnlyList<string> Roles, IReadOnlyList<string> EveryRecord, string? RecordRule = null);

/// <summary>
/// Who may do what: the one table that pages (as ASP.NET Core authorization policies) and use cases (through
/// <see cref="Common.Actor.Demand"/>) read. README's role table is written from it.
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in user: companies, contacts and their history, meetings, follow-ups, Overblik.</summary>
    public const string SignedIn = nameof(SignedIn);
    public const string EditCompanies = nameof(EditCompanies);
    public const string ArchiveCompanies = nameof(ArchiveCompanies);
    public const string ChangeContacts = nameof(ChangeContacts);
    public const string ChangeFollowUps = nameof(ChangeFollowUps);
    public const string SeeFollowUps = nameof(SeeFollowUps);
    public const string ReadComments = nameof(ReadComments);
    /// <summary>Plan a meeting, change or cancel it, and mail its minutes to the company.</summary>
    public const string PlanMeetings = nameof(PlanMeetings);
    /// <summary>The dialogue programme: which companies the municipality should meet next.</summary>
    public const string SeeProgramme = nameof(SeeProgramme);
    public const string WriteMinutes = nameof(WriteMinutes);
    /// <summary>Rapporter, Sammenligning, Handlingsplan and Andre kommuner.</summary>
    public const string ManagementInsight = nameof(ManagementInsight);
    /// <summary>Users, units, import, API keys, questionnaires, the Udbakke, the access log and Hangfire.</summary>
    public const string Administer = nameof(Administer);

    private static readonly string[] Everyone = [.. All];
    private static readonly string[] Leaders = [Administrator, Director, Manager];
    private static readonly string[] Top = [Administrator, Director];

    public static readonly IReadOnlyDictionary<string, PolicyRule> Table = new Dictionary<string, PolicyRule>
    {
        [SignedIn] = new(Everyone, Everyone),
        [EditCompanies] = new(Everyone, Everyone),
        [ArchiveCompanies] = new([Administrator, Director, Manager, Consultant], [Administrator, Director, Manager, Consultant]),
        [ChangeContacts] = new(Everyone, Top, "a unit they belong to, or they are its case worker or registered it; moved only to a unit they belong to"),
        [ChangeFollowUps] = new(Everyone, Top, "they own it, or they manage its unit"),
        [SeeFollowUps] = new(Everyone, Top, "they own it, or it belongs to a unit they are a member of"),
        [ReadComments] = new(Leaders, Top, "they manage the unit the answer is about"),
        [PlanMeetings] = new(Leaders, Top, "they planned the meeting or take part in it"),
        [SeeProgramme] = new([Administrator, Director, Manager, Consultant], [Administrator, Director, Manager, Consultant]),
        [WriteMinutes] = new(Everyone, Leaders, "they take part in the meeting"),
        [ManagementInsight] = new(Leaders, Leaders),
        [Administer] = new([Administrator], [Administrator]),
    };
}
