namespace Erhvervsdialog.Core.Meetings;

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
