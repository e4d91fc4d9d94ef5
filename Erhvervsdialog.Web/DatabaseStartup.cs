using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Demo;
using Erhvervsdialog.Core.FollowUps;
using Erhvervsdialog.Core.Meetings;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Privacy;
using Erhvervsdialog.Core.Reports;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Users;
using Hangfire;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Web;

/// <summary>
/// Before the server takes requests: applies the migrations, creates the roles and, when asked (--demo or
/// Erhvervsdialog:Demo=true), fills an empty database with demo data and prints the demo users' passwords once.
/// </summary>
internal sealed class DatabaseStartup(DatabaseSetup setup, DemoData demoData, SaveUser saveUser, FirstRunCode firstRunCode, IConfiguration configuration,
    IRecurringJobManager recurringJobs, IOptions<DialogueOptions> dialogue, IOptions<ReportOptions> reports, ILogger<DatabaseStartup> logger,
    DataFolderLock folderLock, DatabaseSettings database) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Datamappen tilhører denne app, så længe den kører (låsefil {LockFile}).", folderLock.Path);
        // The folder lock is ours, so no other process is migrating: a migration lock left by a killed run is stale.
        await setup.ReleaseStaleMigrationLockAsync(cancellationToken);
        await setup.MigrateAsync(cancellationToken);
        recurringJobs.AddOrUpdate<SweepJob>(SweepJob.RecurringJobId, job => job.RunAsync(), Cron.Minutely());
        recurringJobs.RemoveIfExists("prune-logs"); // The retention job took over.
        recurringJobs.AddOrUpdate<RetentionJob>(RetentionJob.RecurringJobId, job => job.RunAsync(), Cron.Daily(3),
            new RecurringJobOptions { TimeZone = DanishTime.Zone });
        if (database.IsSqlite)
        {
            recurringJobs.AddOrUpdate<BackupJob>(BackupJob.RecurringJobId, job => job.RunAsync(), Cron.Daily(2),
                new RecurringJobOptions { TimeZone = DanishTime.Zone });
        }
        else
        {
            // PostgreSQL is backed up by its own tools (README); the app's file backup is for the SQLite data folder.
            recurringJobs.RemoveIfExists(BackupJob.RecurringJobId);
        }
        recurringJobs.AddOrUpdate<ExpireSurveyLinksJob>(ExpireSurveyLinksJob.RecurringJobId, job => job.RunAsync(), Cron.Minutely());
        recurringJobs.AddOrUpdate<EscalateLowScoresJob>(EscalateLowScoresJob.RecurringJobId, job => job.RunAsync(), Cron.Minutely());
        recurringJobs.AddOrUpdate<FollowUpDigestJob>(FollowUpDigestJob.RecurringJobId, job => job.RunAsync(),
            Cron.Daily(dialogue.Value.DigestHour), new RecurringJobOptions { TimeZone = DanishTime.Zone });
        recurringJobs.AddOrUpdate<ScheduledReportJob>(ScheduledReportJob.RecurringJobId, job => job.RunAsync(),
            reports.Value.Cron, new RecurringJobOptions { TimeZone = DanishTime.Zone });
        var demo = configuration.GetValue<bool>("Erhvervsdialog:Demo")
            || Environment.GetCommandLineArgs().Contains("--demo", StringComparer.Ordinal);
        if (!demo)
        {
            if (!await saveUser.AnyUserAsync())
            {
                firstRunCode.Issue();
            }
            return;
        }
        var users = await demoData.SeedIfEmptyAsync(cancellationToken: cancellationToken);
        if (users.Count == 0)
        {
            logger.LogInformation("The database already has data; demo data was not added again.");
            return;
        }
        Console.WriteLine("Demodata er oprettet. Brugere (adgangskoderne vises kun denne ene gang):");
        foreach (var user in users)
        {
            Console.WriteLine($"  {user.Role,-14} brugernavn: {user.UserName,-14} adgangskode: {user.Password}");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
