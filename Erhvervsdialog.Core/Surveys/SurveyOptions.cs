namespace Erhvervsdialog.Core.Surveys;

/// <summary>Settings under Erhvervsdialog:Surveys.</summary>
public sealed class SurveyOptions
{
    public const string Section = "Erhvervsdialog:Surveys";

    /// <summary>The municipality's name, as the public answer page and the messages say it.</summary>
    public string Municipality { get; set; } = "Helsingør Kommune";
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

/// <summary>Settings under Erhvervsdialog:Messaging. With no SMTP host or SMS gateway, messages go to the built-in outbox.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Erhvervsdialog:Messaging";

    public SmtpOptions Smtp { get; set; } = new();
    public SmsGatewayOptions Sms { get; set; } = new();
    public int MaxAttempts { get; set; } = 8;
    /// <summary>A message still "sending" after this long is marked for manual review, never resent by itself.</summary>
    public TimeSpan ReviewAfter { get; set; } = TimeSpan.FromMinutes(10);
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary>None, StartTls or SslOnConnect.</summary>
    public string Security { get; set; } = "StartTls";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "erhvervsdialog@kommune.dk";
    public string FromName { get; set; } = "Erhvervsdialog";
}

public sealed class SmsGatewayOptions
{
    /// <summary>The gateway's base address; messages are POSTed to {BaseUrl}/messages.</summary>
    public string? BaseUrl { get; set; }
    public string? Token { get; set; }
    /// <summary>Sender name shown on the phone (max 11 characters).</summary>
    public string Sender { get; set; } = "Kommunen";
}

/// <summary>Settings under Erhvervsdialog:Dialogue: meeting reminders and the follow-up digest.</summary>
public sealed class DialogueOptions
{
    public const string Section = "Erhvervsdialog:Dialogue";

    /// <summary>Meeting reminders go out at this hour (Danish time) on the day before the meeting.</summary>
    public int ReminderHour { get; set; } = 8;
    /// <summary>The morning digest of due and overdue follow-ups runs at this hour (Danish time).</summary>
    public int DigestHour { get; set; } = 7;
    /// <summary>A follow-up overdue by this many days is escalated to its owner's unit manager.</summary>
    public int EscalateOverdueAfterDays { get; set; } = 3;
}

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
