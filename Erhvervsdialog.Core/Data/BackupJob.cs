using System.Globalization;
using System.Security.Cryptography;
using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Messaging;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.Data;

/// <summary>Nightly backups (section <c>Erhvervsdialog:Backup</c>).</summary>
public sealed class BackupOptions
{
    public const string Section = "Erhvervsdialog:Backup";

    /// <summary>Where the backups go; default <c>backups</c> in the data folder. Put it on another disk in production.</summary>
    public string? Folder { get; set; }

    /// <summary>How many nightly backups are kept; older ones are deleted after a new one succeeds.</summary>
    public int Generations { get; set; } = 7;
}

/// <summary>
/// An online backup of the SQLite databases in the data folder (the app's and Hangfire's) with <c>VACUUM INTO</c>,
/// which copies one consistent snapshot while the app keeps writing; never a file copy of a database in WAL mode. With
/// them go what a restore needs: the sign-in key ring (<c>keys/</c>) and the survey token key. A <c>SHA256SUMS</c> file
/// lists every file's checksum (<c>sha256sum -c SHA256SUMS</c>). The newest <see cref="BackupOptions.Generations"/>
/// backups are kept; the result is written to the audit log.
/// </summary>
public sealed class BackupJob(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, IOptions<BackupOptions> options,
    MessageScheduler scheduler, TimeProvider clock, ILogger<BackupJob> logger)
{
    public const string RecurringJobId = "backup";
    public const string ChecksumFile = "SHA256SUMS";
    private static readonly Actor System = new("system", "system", new HashSet<string>()) { FullName = "Sikkerhedskopi" };

    /// <summary>The app's database file, and the data folder it lies in (with hangfire.db, keys/ and the token key).</summary>
    private string Database
    {
        get
        {
            using var db = dbFactory.CreateDbContext();
            return Path.GetFullPath(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource);
        }
    }

    public string BackupFolder
    {
        get
        {
            var dataFolder = Path.GetDirectoryName(Database)!;
            return Path.GetFullPath(options.Value.Folder ?? Path.Combine(dataFolder, "backups"), dataFolder);
        }
    }

    /// <summary>Makes one backup and returns its folder.</summary>
    public async Task<string> RunAsync()
    {
        var database = Database;
        var dataFolder = Path.GetDirectoryName(database)!;
        var started = clock.GetUtcNow();
        var name = started.UtcDateTime.ToString("yyyy-MM-dd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var target = Path.Combine(BackupFolder, name);
        var partial = target + ".delvis";
        try
        {
            OwnerOnly.Folder(BackupFolder);
            OwnerOnly.Folder(partial);
            foreach (var file in new[] { database, Path.Combine(dataFolder, "hangfire.db") }.Where(File.Exists))
            {
                await SnapshotAsync(file, Path.Combine(partial, Path.GetFileName(file)));
            }
            var keys = Path.Combine(dataFolder, "keys");
            if (Directory.Exists(keys))
            {
                Directory.CreateDirectory(Path.Combine(partial, "keys"));
                foreach (var key in Directory.EnumerateFiles(keys))
                {
                    File.Copy(key, Path.Combine(partial, "keys", Path.GetFileName(key)));
                }
            }
            foreach (var file in new[] { "survey-token.key" }.Select(f => Path.Combine(dataFolder, f)).Where(File.Exists))
            {
                File.Copy(file, Path.Combine(partial, Path.GetFileName(file)));
            }
            await WriteChecksumsAsync(partial);
            Directory.Move(partial, target);
            var removed = RemoveOldGenerations();
            var size = new DirectoryInfo(target).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
            await RecordAsync($"{target}; {size / 1024.0 / 1024.0:0.0} MB på {(clock.GetUtcNow() - started).TotalSeconds:0.0} s" +
                (removed > 0 ? $"; {removed} ældre slettet" : ""));
            return target;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            logger.LogError(e, "Backup to {Folder} failed.", target);
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }
            await RecordAsync($"{Failed}: {e.Message}", alertAdministrators: true);
            throw;
        }
    }

    private static async Task SnapshotAsync(string database, string copy)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync();
        // The copy rebuilds the indexes, some of which sort Danish.
        DanishCollation.Register(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO $target";
        command.Parameters.AddWithValue("$target", copy);
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task WriteChecksumsAsync(string folder)
    {
        var lines = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            await using var stream = File.OpenRead(file);
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
            lines.Add($"{hash}  {Path.GetRelativePath(folder, file).Replace('\\', '/')}");
        }
        await File.WriteAllLinesAsync(Path.Combine(folder, ChecksumFile), lines);
    }

    private int RemoveOldGenerations()
    {
        var backups = Directory.EnumerateDirectories(BackupFolder).Where(d => !d.EndsWith(".delvis", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        var old = backups.Take(Math.Max(0, backups.Count - Math.Max(1, options.Value.Generations))).ToList();
        foreach (var folder in old)
        {
            Directory.Delete(folder, recursive: true);
        }
        return old.Count;
    }

    /// <summary>How a failed backup's audit entry begins (Administration → Drift shows it in red).</summary>
    public const string Failed = "MISLYKKEDES";

    /// <summary>Writes the result to the audit log; a failure is also e-mailed to every active administrator (once in 12 hours).</summary>
    private async Task RecordAsync(string result, bool alertAdministrators = false)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync();
        AuditLog.Add(db, System, now, AuditAction.BackupMade, "Sikkerhedskopi", after: result);
        // Hangfire retries a failed backup; the administrators hear about it once in 12 hours, not at every attempt.
        var alerts = alertAdministrators
            ? await OperationsAlerts.AddAsync(db, Messages.BackupFailedSubject, string.Format(Messages.BackupFailedBody, DanishTime.DateTimeText(now), result), now)
            : [];
        await db.SaveChangesAsync();
        alerts.ToList().ForEach(scheduler.Schedule);
    }
}
