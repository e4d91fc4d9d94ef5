using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.FollowUps;

/// <summary>
/// Runs every minute: a follow-up from a low score or a call-back request still open after the configured days is
/// escalated to the director, once (EscalatedAt is set in the same save as the messages).
/// </summary>
public sealed class EscalateLowScoresJob(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, MessageScheduler scheduler,
    IOptions<SurveyOptions> surveys, TimeProvider clock)
{
    public const string RecurringJobId = "escalate-low-scores";

    public async Task RunAsync()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync();
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
