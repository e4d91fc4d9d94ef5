namespace Erhvervsdialog.Core.Common;

/// <summary>Settings under Erhvervsdialog that the whole app shares.</summary>
public sealed class MunicipalityOptions
{
    public const string Section = "Erhvervsdialog";

    /// <summary>The municipality's name, as the answer page, the messages and the reports say it.</summary>
    public string Municipality { get; set; } = "Helsingør Kommune";

    /// <summary>
    /// The municipality's accessibility statement (tilgængelighedserklæring, required by webtilgængelighedsloven), linked
    /// from the public answer page. Every Danish authority publishes one at was.digst.dk.
    /// </summary>
    public string AccessibilityStatementUrl { get; set; } = "https://www.was.digst.dk/helsingor-dk";
}
