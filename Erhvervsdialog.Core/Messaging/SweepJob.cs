using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.FollowUps;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.Messaging;

/// <summary>
/// Runs every minute: re-queues due messages whose job went missing, hands messages stuck in "sending" to a person,
/// expires old survey links, and escalates low-score follow-ups that stayed open too long.
/// </summary>
public sealed class SweepJob(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, MessageScheduler scheduler,
    IOptions<MessagingOptions> messaging, IOptions<SurveyOptions> surveys, TimeProvider clock)
{
    public const string RecurringJobId = "sweep-messages";

    public async Task RunAsync()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync();

        // A job that should have run by now but did not (crash before it was queued, lost storage): queue it again.
        // Claiming makes a duplicate harmless.
        var grace = now.AddSeconds(-30);
        var due = await db.Messages.Where(m => m.Status == MessageStatus.Scheduled && m.DueAt <= grace)
            .OrderBy(m => m.DueAt).Take(500).ToListAsync();
        due.ForEach(scheduler.Schedule);

        var stuckBefore = now - messaging.Value.ReviewAfter;
        await db.Messages.Where(m => m.Status == MessageStatus.Sending && m.ClaimedAt < stuckBefore)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.NeedsReview)
                .SetProperty(m => m.LastError, Messages.MessageInterrupted));

        await db.SurveyInvitations.Where(i => i.Status == InvitationStatus.Sent && i.ExpiresAt < now)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InvitationStatus.Expired));

        await EscalateAsync(db, now);
    }

    private async Task EscalateAsync(ErhvervsdialogDbContext db, DateTime now)
    {
        var before = now.AddDays(-surveys.Value.EscalateAfterDays);
        var overdue = await db.FollowUps
            .Where(f => f.EscalatedAt == null && f.Status != FollowUpStatus.Done && f.CreatedAt < before
                        && (f.Source == FollowUpSource.LowScore || f.Source == FollowUpSource.CallBackRequest))
            .ToListAsync();
        if (overdue.Count == 0)
        {
            return;
        }
        var directors = await FollowUpNotices.EmailsInRoleAsync(db, Roles.Director);
        var messages = new List<Message>();
        foreach (var followUp in overdue)
        {
            followUp.EscalatedAt = now;
            messages.AddRange(directors.Select(email => FollowUpNotices.Escalation(followUp, email, surveys.Value.EscalateAfterDays, now)));
        }
        db.Messages.AddRange(messages);
        await db.SaveChangesAsync();
        messages.ForEach(scheduler.Schedule);
    }
}
