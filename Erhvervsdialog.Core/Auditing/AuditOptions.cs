namespace Erhvervsdialog.Core.Auditing;

/// <summary>How long the logs are kept (Erhvervsdialog:Audit).</summary>
public sealed class AuditOptions
{
    public const string Section = "Erhvervsdialog:Audit";

    /// <summary>Reads and changes of personal data: six months by default.</summary>
    public int AccessLogMonths { get; set; } = 6;

    /// <summary>Administrative acts: five years by default.</summary>
    public int AuditLogYears { get; set; } = 5;
}
