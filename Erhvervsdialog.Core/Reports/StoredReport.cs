using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Users;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.Reports;

public enum ReportStatus
{
    Queued = 0,
    Running = 1,
    Done = 2,
    Failed = 3,
}

/// <summary>A service report made on demand or by the schedule; the PDF is stored with it.</summary>
public class StoredReport
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    /// <summary>Danish calendar days: from the first up to (not including) the end.</summary>
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    /// <summary>Made by the monthly schedule (and sent by e-mail), not by a person.</summary>
    public bool Scheduled { get; set; }
    public ReportStatus Status { get; set; }
    public int Progress { get; set; }
    public string? Error { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedById { get; set; }
    public string CreatedByName { get; set; } = "";
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? FileName { get; set; }
    public int Size { get; set; }
    public byte[]? Content { get; set; }
}

public sealed record ReportRow(int Id, string Title, DateOnly PeriodStart, DateOnly PeriodEnd, bool Scheduled, ReportStatus Status, int Progress,
    string? Error, DateTime CreatedAt, string CreatedByName, DateTime? FinishedAt, int Size);

/// <summary>Rapporter: the stored service reports, and a new one for any period, made in the background.</summary>
public sealed class ManageReports(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, IBackgroundJobClient jobs, TimeProvider clock)
{
    public const int MaxDays = 3 * 366;

    public async Task<IReadOnlyList<ReportRow>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.ManagementInsight);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Reports.AsNoTracking().OrderByDescending(r => r.Id).Take(200)
            .Select(r => new ReportRow(r.Id, r.Title, r.PeriodStart, r.PeriodEnd, r.Scheduled, r.Status, r.Progress, r.Error, r.CreatedAt,
                r.CreatedByName, r.FinishedAt, r.Size))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Queues a service report for the period (Danish dates, the end day included).</summary>
    public async Task<CommandResult> RequestAsync(DateTime? firstDay, DateTime? lastDay, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.ManagementInsight);
        var errors = new Errors();
        if (firstDay is null)
        {
            errors.Add("From", Messages.Required);
        }
        if (lastDay is null)
        {
            errors.Add("To", Messages.Required);
        }
        else if (firstDay is { } f && lastDay < f)
        {
            errors.Add("To", Messages.ReportPeriodReversed);
        }
        else if (firstDay is { } g && (lastDay.Value - g).TotalDays > MaxDays)
        {
            errors.Add("To", string.Format(Messages.ReportPeriodTooLong, MaxDays / 366));
        }
        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }
        var period = new PeriodRange(firstDay!.Value.Date, lastDay!.Value.Date.AddDays(1));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var report = New(period, scheduled: false, actor, clock.GetUtcNow().UtcDateTime);
        db.Reports.Add(report);
        await db.SaveChangesAsync(cancellationToken);
        jobs.Enqueue<ReportJob>(job => job.RunAsync(report.Id));
        return CommandResult.Ok(report.Id);
    }

    public async Task<ReportFile?> FileAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.ManagementInsight);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Reports.AsNoTracking().Where(r => r.Id == id && r.Status == ReportStatus.Done)
            .Select(r => new { r.FileName, r.Content }).FirstOrDefaultAsync(cancellationToken);
        return found?.Content is null ? null : new ReportFile(found.FileName ?? "servicerapport.pdf", found.Content);
    }

    internal static StoredReport New(PeriodRange period, bool scheduled, Actor actor, DateTime now) => new()
    {
        Title = $"Servicerapport {period.Text}",
        PeriodStart = DateOnly.FromDateTime(period.Start),
        PeriodEnd = DateOnly.FromDateTime(period.End),
        Scheduled = scheduled,
        CreatedAt = now,
        CreatedById = actor.UserId == "system" ? null : actor.UserId,
        CreatedByName = actor.DisplayName,
    };
}

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

/// <summary>The recurring job: the service report for the period that has just ended, made once and sent once.</summary>
public sealed class ScheduledReportJob(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, ReportJob reportJob, IOptions<ReportOptions> options,
    TimeProvider clock)
{
    public const string RecurringJobId = "service-report";
    private static readonly Actor System = new("system", "system", new HashSet<string> { Roles.Administrator }) { FullName = "Planlagt" };

    public async Task RunAsync()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var kind = Enum.TryParse<ReportPeriod>(options.Value.Period, true, out var k) ? k : ReportPeriod.Month;
        var today = DanishTime.ToLocal(now).Date;
        var period = PeriodRange.Containing(kind, today).Previous();
        int id;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var (start, end) = (DateOnly.FromDateTime(period.Start), DateOnly.FromDateTime(period.End));
            var existing = await db.Reports.Where(r => r.Scheduled && r.PeriodStart == start && r.PeriodEnd == end)
                .Select(r => (int?)r.Id).FirstOrDefaultAsync();
            if (existing is { } found)
            {
                id = found;
            }
            else
            {
                var report = ManageReports.New(period, scheduled: true, System, now);
                db.Reports.Add(report);
                try
                {
                    await db.SaveChangesAsync();
                }
                catch (DbUpdateException ex) when (SqliteErrors.IsUniqueViolation(ex))
                {
                    return; // Another run made it a moment ago.
                }
                id = report.Id;
            }
        }
        await reportJob.RunAsync(id);
    }
}
