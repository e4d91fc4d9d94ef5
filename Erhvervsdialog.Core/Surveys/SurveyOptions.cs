namespace Erhvervsdialog.Core.Surveys;

/// <summary>Settings under Erhvervsdialog:Surveys.</summary>
public sealed class SurveyOptions
{
    public const string Section = "Erhvervsdialog:Surveys";

    /// <summary>The address the survey links start with, e.g. https://erhvervsdialog.kommune.dk.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";
    /// <summary>Time from a contact's closing until the invitation is sent; default the next day.</summary>
    public TimeSpan SendDelay { get; set; } = TimeSpan.FromDays(1);
    /// <summary>SMS only between these hours, Danish time; otherwise the next morning.</summary>
    public int SmsFromHour { get; set; } = 8;
    public int SmsToHour { get; set; } = 20;
    public int ReminderAfterDays { get; set; } = 5;
    public int LinkValidDays { get; set; } = 14;
    /// <summary>A company (CVR) is not surveyed again within this many days, by any unit.</summary>
    public int MinDaysBetweenSurveys { get; set; } = 30;
    /// <summary>An answer of this or lower on a 1–5 question is a low score that needs a follow-up.</summary>
    public int LowScoreThreshold { get; set; } = 2;
    /// <summary>A low-score follow-up still open after this many days is escalated to the director.</summary>
    public int EscalateAfterDays { get; set; } = 7;
    /// <summary>Base64 key (32 bytes) the survey links are derived from; when empty, a key file in the data folder is used.</summary>
    public string? TokenKey { get; set; }
}
