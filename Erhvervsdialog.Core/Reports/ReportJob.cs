using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Users;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Erhvervsdialog.Core.Reports;

/// <summary>
/// Makes one stored report: claims it (only one worker can), builds the PDF with progress, stores it, and for a
/// scheduled report e-mails it to the director and the unit managers in the same transaction. Run twice, it does
/// nothing the second time; a report left "running" by a crash is taken up again after 15 minutes.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class ReportJob(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, ServiceReport serviceReport, MessageScheduler scheduler,
    TimeProvider clock, ILogger<ReportJob> logger)
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(15);

    public async Task RunAsync(int reportId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - StaleAfter;
        await using var db = await dbFactory.CreateDbContextAsync();
        var claimed = await db.Reports
            .Where(r => r.Id == reportId && (r.Status == ReportStatus.Queued || (r.Status == ReportStatus.Running && r.StartedAt < stale)))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReportStatus.Running).SetProperty(r => r.StartedAt, now).SetProperty(r => r.Progress, 5));
        if (claimed == 0)
        {
            return;
        }
        var report = await db.Reports.FirstAsync(r => r.Id == reportId);
        var period = new PeriodRange(report.PeriodStart.ToDateTime(TimeOnly.MinValue), report.PeriodEnd.ToDateTime(TimeOnly.MinValue));
        byte[] pdf;
        try
        {
            var progress = new SynchronousProgress(value => ReportProgress(reportId, value));
            pdf = await serviceReport.BuildAsync(period, progress);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Report {ReportId} failed", reportId);
            report.Status = ReportStatus.Failed;
            report.Error = Messages.ReportFailed;
            report.FinishedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
            return;
        }
        var done = clock.GetUtcNow().UtcDateTime;
        report.Status = ReportStatus.Done;
        report.Progress = 100;
        report.Content = pdf;
        report.Size = pdf.Length;
        report.FileName = $"servicerapport-{period.Start:yyyy-MM-dd}-{period.End.AddDays(-1):yyyy-MM-dd}.pdf";
        report.FinishedAt = done;
        var messages = new List<Message>();
        if (report.Scheduled)
        {
            var recipients = await db.UserRoles.Join(db.Roles.Where(r => r.Name == Roles.Director), ur => ur.RoleId, r => r.Id, (ur, r) => ur.UserId)
                .Union(db.UnitMembers.Where(m => m.IsManager).Select(m => m.UserId))
                .Join(db.Users.Where(u => u.IsActive && u.Email != null), id => id, u => u.Id, (id, u) => u.Email!)
                .Distinct().ToListAsync();
            messages.AddRange(recipients.Select(email => new Message
            {
                Kind = MessageKind.ServiceReport,
                Channel = MessageChannel.Email,
                Recipient = email,
                Subject = string.Format(Messages.ServiceReportSubject, period.Text),
                Body = string.Format(Messages.ServiceReportBody, period.Text),
                Status = MessageStatus.Scheduled,
                CreatedAt = done,
                DueAt = done,
                AttachmentName = report.FileName,
                AttachmentType = ReportFile.ContentType,
                Attachment = pdf,
            }));
            db.Messages.AddRange(messages);
        }
        await db.SaveChangesAsync();
        messages.ForEach(scheduler.Schedule);
    }

    private void ReportProgress(int reportId, int value)
    {
        using var db = dbFactory.CreateDbContext();
        db.Reports.Where(r => r.Id == reportId && r.Status == ReportStatus.Running)
            .ExecuteUpdate(s => s.SetProperty(r => r.Progress, Math.Clamp(value, 5, 99)));
    }

    /// <summary>IProgress that reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
