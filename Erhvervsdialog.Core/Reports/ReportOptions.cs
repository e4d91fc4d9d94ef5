namespace Erhvervsdialog.Core.Reports;

/// <summary>Settings under Erhvervsdialog:Reports.</summary>
public sealed class ReportOptions
{
    public const string Section = "Erhvervsdialog:Reports";

    /// <summary>A PNG or JPEG shown beside the municipality's name at the top of every page; none by default.</summary>
    public string? LogoPath { get; set; }
    /// <summary>When the periodic service report is made and sent (cron, Danish time); default 06:00 on the 1st of each month.</summary>
    public string Cron { get; set; } = "0 6 1 * *";
    /// <summary>The period it covers: Month, Quarter or Year (the one that has just ended).</summary>
    public string Period { get; set; } = "Month";
}
