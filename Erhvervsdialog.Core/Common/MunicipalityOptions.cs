namespace Erhvervsdialog.Core.Common;

/// <summary>Settings under Erhvervsdialog that the whole app shares.</summary>
public sealed class MunicipalityOptions
{
    public const string Section = "Erhvervsdialog";

    /// <summary>The municipality's name, as the answer page, the messages and the reports say it.</summary>
    public string Municipality { get; set; } = "Helsingør Kommune";
}
