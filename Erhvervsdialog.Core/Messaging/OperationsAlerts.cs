using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Messaging;

/// <summary>
/// E-mails to every active administrator about something only they can put right (a failed backup, the SMS gateway
/// refusing our credentials). A cause that repeats (a retried job, every waiting SMS) is told once in 12 hours.
/// </summary>
public static class OperationsAlerts
{
    /// <summary>The alerts, added to <paramref name="db"/>; the caller saves them and schedules them after the save.</summary>
    public static async Task<IReadOnlyList<Message>> AddAsync(ErhvervsdialogDbContext db, string subject, string body, DateTime now)
    {
        if (await db.Messages.AnyAsync(m => m.Kind == MessageKind.OperationsAlert && m.Subject == subject && m.CreatedAt > now.AddHours(-12)))
        {
            return [];
        }
        var alerts = (await FollowUps.FollowUpNotices.EmailsInRoleAsync(db, Roles.Administrator)).Select(email => new Message
        {
            Kind = MessageKind.OperationsAlert,
            Channel = MessageChannel.Email,
            Recipient = email,
            Subject = subject,
            Body = body,
            Status = MessageStatus.Scheduled,
            CreatedAt = now,
            DueAt = now,
        }).ToList();
        db.Messages.AddRange(alerts);
        return alerts;
    }
}
