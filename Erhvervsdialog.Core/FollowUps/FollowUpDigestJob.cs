using System.Text;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Meetings;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Surveys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.FollowUps;

/// <summary>
/// Every morning: each owner gets one e-mail with the follow-ups due today and those overdue, and a follow-up overdue
/// by the configured number of days is escalated to the managers of its unit (or of the owner's units). Safe to run
/// twice, even at the same moment: each digest claims the owner's day and each escalation its follow-up by a conditional
/// update, in the transaction that stores the e-mails (<see cref="MessageScheduler.ClaimAndQueueAsync"/>).
/// </summary>
public sealed class FollowUpDigestJob(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, MessageScheduler scheduler,
    IOptions<DialogueOptions> options, IOptions<SurveyOptions> surveys, TimeProvider clock)
{
    public const string RecurringJobId = "followup-digest";

    public async Task RunAsync()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DanishTime.ToLocal(now).Date;
        var day = DateOnly.FromDateTime(today);
        var startOfToday = DanishTime.ToUtc(today);
        var endOfToday = DanishTime.ToUtc(today.AddDays(1));
        await using var db = await dbFactory.CreateDbContextAsync();
        var link = $"{surveys.Value.PublicBaseUrl.TrimEnd('/')}/opfoelgninger";

        var due = await db.FollowUps.AsNoTracking()
            .Where(f => f.Status != FollowUpStatus.Done && f.OwnerId != null && f.DueAt < endOfToday)
            .OrderBy(f => f.DueAt).Select(ManageFollowUps.Row(db)).ToListAsync();
        var owners = await db.Users.Where(u => u.IsActive && u.Email != null && due.Select(f => f.OwnerId).Contains(u.Id))
            .Select(u => new { u.Id, u.Email }).ToListAsync();
        foreach (var owner in owners)
        {
            var mine = due.Where(f => f.OwnerId == owner.Id).ToList();
            var overdue = mine.Where(f => f.DueAt < startOfToday).ToList();
            var dueToday = mine.Except(overdue).ToList();
            var body = new StringBuilder(Messages.DigestLead).AppendLine().AppendLine();
            Section(body, Messages.DigestOverdueHeading, overdue);
            Section(body, Messages.DigestDueHeading, dueToday);
            body.Append(string.Format(Messages.DigestLink, link));
            await scheduler.ClaimAndQueueAsync(db,
                () => db.Users.Where(u => u.Id == owner.Id && (u.DigestSentOn == null || u.DigestSentOn < day))
                    .ExecuteUpdateAsync(s => s.SetProperty(u => u.DigestSentOn, day)),
                [new Message
                {
                    Kind = MessageKind.FollowUpDigest,
                    Channel = MessageChannel.Email,
                    Recipient = owner.Email!,
                    Subject = string.Format(Messages.DigestSubject, dueToday.Count, overdue.Count),
                    Body = body.ToString(),
                    Status = MessageStatus.Scheduled,
                    CreatedAt = now,
                    DueAt = now,
                }]);
        }

        var days = options.Value.EscalateOverdueAfterDays;
        var escalateBefore = now.AddDays(-days);
        var late = await db.FollowUps.AsNoTracking()
            .Where(f => f.Status != FollowUpStatus.Done && f.OverdueEscalatedAt == null && f.OwnerId != null && f.DueAt < escalateBefore)
            .ToListAsync();
        foreach (var followUp in late)
        {
            var ownerName = await db.Users.Where(u => u.Id == followUp.OwnerId).Select(u => u.FullName).FirstOrDefaultAsync() ?? "–";
            var managers = await db.UnitMembers
                .Where(m => m.IsManager && m.UserId != followUp.OwnerId && m.User!.IsActive && m.User.Email != null
                            && (followUp.UnitId != null
                                ? m.UnitId == followUp.UnitId
                                : db.UnitMembers.Any(o => o.UserId == followUp.OwnerId && o.UnitId == m.UnitId)))
                .Select(m => m.User!.Email!).Distinct().ToListAsync();
            await scheduler.ClaimAndQueueAsync(db,
                () => db.FollowUps.Where(f => f.Id == followUp.Id && f.OverdueEscalatedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(f => f.OverdueEscalatedAt, now)),
                managers.Select(email => new Message
                {
                    Kind = MessageKind.FollowUpOverdue,
                    Channel = MessageChannel.Email,
                    Recipient = email,
                    Subject = string.Format(Messages.FollowUpOverdueSubject, days, followUp.Title),
                    Body = string.Format(Messages.FollowUpOverdueBody, followUp.Title, DanishTime.Date(followUp.DueAt), ownerName, link),
                    Status = MessageStatus.Scheduled,
                    CreatedAt = now,
                    DueAt = now,
                    FollowUpId = followUp.Id,
                }).ToList());
        }
    }

    private static void Section(StringBuilder body, string heading, IReadOnlyList<FollowUpRow> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }
        body.AppendLine(heading);
        foreach (var row in rows)
        {
            body.AppendLine(string.Format(Messages.DigestLine, row.Title, row.CompanyName is null ? "" : $" – {row.CompanyName}", DanishTime.Date(row.DueAt)));
        }
        body.AppendLine();
    }
}
