using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Web.Resources;

namespace Erhvervsdialog.Web.Components.Shared;

/// <summary>Danish names for enum values, from the same resource file as the rest of the UI.</summary>
public static class Labels
{
    public static string For(EmployeeBand value) => Lookup($"EmployeeBand_{value}");
    public static string For(CompanyStatus value) => Lookup($"CompanyStatus_{value}");
    public static string For(AccessAction value) => Lookup($"AccessAction_{value}");
    public static string For(ContactChannel value) => Lookup($"ContactChannel_{value}");
    public static string For(ContactStatus value) => Lookup($"ContactStatus_{value}");

    private static string Lookup(string key) => UiText.ResourceManager.GetString(key, UiText.Culture) ?? key;
}
