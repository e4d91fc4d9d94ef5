using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Reports;

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
        if (found is not null)
        {
            Auditing.AccessLog.Add(db, actor, clock.GetUtcNow().UtcDateTime, Auditing.AccessAction.Export, nameof(StoredReport), id, found.FileName);
            await db.SaveChangesAsync(cancellationToken);
        }
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
