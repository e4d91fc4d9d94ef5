using Erhvervsdialog.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Surveys;

/// <summary>Runs every minute: a survey link past its date is marked expired (the answer page refuses it anyway).</summary>
public sealed class ExpireSurveyLinksJob(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, TimeProvider clock)
{
    public const string RecurringJobId = "expire-survey-links";

    public async Task RunAsync()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.SurveyInvitations.Where(i => i.Status == InvitationStatus.Sent && i.ExpiresAt < now)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InvitationStatus.Expired));
    }
}
