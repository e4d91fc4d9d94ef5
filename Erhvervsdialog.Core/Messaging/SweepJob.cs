using Erhvervsdialog.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.Messaging;

/// <summary>
/// Runs every minute: re-queues due messages whose job went missing, and hands messages stuck in "sending" to a person.
/// The features' own recurring work is theirs: <see cref="Surveys.ExpireSurveyLinksJob"/>,
/// <see cref="FollowUps.EscalateLowScoresJob"/>, <see cref="FollowUps.FollowUpDigestJob"/>.
/// </summary>
public sealed class SweepJob(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, MessageScheduler scheduler,
    IOptions<MessagingOptions> messaging, TimeProvider clock)
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
    }
}
