using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.FollowUps;
using Erhvervsdialog.Core.Messaging;

namespace Erhvervsdialog.Web.Components.Shared;

/// <summary>Danish names for enum values, from the same resource file as the rest of the UI.</summary>
public static class Labels
{
    public static string For(EmployeeBand value) => EnumText.For(value);
    public static string For(CompanyStatus value) => Lookup($"CompanyStatus_{value}");
    public static string For(AccessAction value) => EnumText.For(value);
    public static string For(AuditAction value) => Lookup($"AuditAction_{value}");

    /// <summary>The Danish word for the kind of record an access-log row is about ("Kontaktperson", not "ContactPerson").</summary>
    public static string Record(string entityType) => UiText.ResourceManager.GetString($"Record_{entityType}", UiText.Culture) ?? entityType;
    public static string For(ContactChannel value) => EnumText.For(value);
    public static string For(ContactStatus value) => EnumText.For(value);
    public static string For(MessageStatus value) => EnumText.For(value);
    public static string For(Erhvervsdialog.Core.Meetings.MeetingStatus value) => EnumText.For(value);
    public static string For(MessageKind value) => EnumText.For(value);
    public static string For(MessageDelivery value) => EnumText.For(value);
    public static string For(ReplyOutcome value) => EnumText.For(value);
    public static string For(FollowUpStatus value) => EnumText.For(value);
    public static string For(FollowUpSource value) => Lookup($"FollowUpSource_{value}");

    /// <summary>The parts that have a value, separated by a middle dot.</summary>
    public static string Dotted(params string?[] parts) => string.Join(" · ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));

    private static string Lookup(string key) => UiText.ResourceManager.GetString(key, UiText.Culture) ?? key;
}
