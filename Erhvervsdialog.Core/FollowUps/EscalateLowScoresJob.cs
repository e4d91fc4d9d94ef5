using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.FollowUps;

/// <summary>
/// Runs every minute: a follow-up from a low score or a call-back request still open after the configured days is
/// escalated to the director, once: EscalatedAt is claimed by a conditional update in the same transaction as the
/// messages are stored, so two overlapping runs cannot both escalate it.
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
        var overdue = await db.FollowUps.AsNoTracking()
            .Where(f => f.EscalatedAt == null && f.Status != FollowUpStatus.Done && f.CreatedAt < before
                        && (f.Source == FollowUpSource.LowScore || f.Source == FollowUpSource.CallBackRequest))
            .ToListAsync();
        if (overdue.Count == 0)
        {
            return;
        }
        var directors = await FollowUpNotices.EmailsInRoleAsync(db, Roles.Director);
        foreach (var followUp in overdue)
        {
            await scheduler.ClaimAndQueueAsync(db,
                () => db.FollowUps.Where(f => f.Id == followUp.Id && f.EscalatedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(f => f.EscalatedAt, now)),
                directors.Select(email => FollowUpNotices.Escalation(followUp, email, surveys.Value.EscalateAfterDays, now)).ToList());
        }
    }
}
