using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.Reports;

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
                catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
                {
                    return; // Another run made it a moment ago.
                }
                id = report.Id;
            }
        }
        await reportJob.RunAsync(id);
    }
}
