namespace Erhvervsdialog.Core.Reports;

public enum ReportStatus
{
    Queued = 0,
    Running = 1,
    Done = 2,
    Failed = 3,
}

/// <summary>A service report made on demand or by the schedule; the PDF is stored with it.</summary>
public class StoredReport
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    /// <summary>Danish calendar days: from the first up to (not including) the end.</summary>
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    /// <summary>Made by the monthly schedule (and sent by e-mail), not by a person.</summary>
    public bool Scheduled { get; set; }
    public ReportStatus Status { get; set; }
    public int Progress { get; set; }
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedById { get; set; }
    public string CreatedByName { get; set; } = "";
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? FileName { get; set; }
    public int Size { get; set; }
    public byte[]? Content { get; set; }
}

public sealed record ReportRow(int Id, string Title, DateOnly PeriodStart, DateOnly PeriodEnd, bool Scheduled, ReportStatus Status, int Progress,
    string? Error, DateTime CreatedAt, string CreatedByName, DateTime? FinishedAt, int Size);
