using System.Security.Cryptography;
using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Tests.Core.Data;

/// <remarks>SQLite only: PostgreSQL is backed up and locked by the server itself.</remarks>
[Trait("Provider", "SqliteOnly")]
public class BackupTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private readonly string _backups = Path.Combine(Path.GetTempPath(), $"erhvervsdialog-backups-{Guid.NewGuid():N}");

    public BackupTests()
    {
        _db.Settings["Erhvervsdialog:Backup:Folder"] = _backups;
        _db.Settings["Erhvervsdialog:Backup:Generations"] = "2";
    }

    public Task InitializeAsync() => _db.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_backups))
        {
            Directory.Delete(_backups, recursive: true);
        }
    }

    [Fact]
    public async Task BackupTakenWhileWriting_RestoresWithEveryRowCommittedBeforeIt_AndItsChecksumsHold()
    {
        var actor = new Actor("u1", "skriver", new HashSet<string>());
        var committed = new System.Collections.Concurrent.ConcurrentBag<long>();
        var backupDone = false;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        async Task WriteAsync()
        {
            // Writes before, during and for a while after the backup.
            for (var (i, after) = (0, 0); after < 50 && i < 50_000 && !stop.IsCancellationRequested; i++, after += Volatile.Read(ref backupDone) ? 1 : 0)
            {
                await using var db = _db.CreateContext();
                var entry = new AuditEntry { At = DateTime.UtcNow, UserId = actor.UserId, UserName = actor.UserName, Action = AuditAction.UserChanged, Subject = $"række {i}" };
                db.AuditLog.Add(entry);
                await db.SaveChangesAsync();
                committed.Add(entry.Id);
            }
        }
        var writer = Task.Run(WriteAsync);
        while (committed.Count < 100 && !writer.IsCompleted)
        {
            await Task.Delay(10);
        }
        var before = committed.ToHashSet();

        var folder = await _db.Get<BackupJob>().RunAsync();
        Volatile.Write(ref backupDone, true);
        await writer.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(committed.Count >= before.Count + 50, "The app kept writing while the backup ran.");

        // Restore: the copy is a complete database of its own.
        var restored = Path.Combine(_backups, "restored.db");
        File.Copy(Path.Combine(folder, Path.GetFileName(new SqliteConnectionStringBuilder(_db.ConnectionString).DataSource)), restored);
        await using (var connection = new SqliteConnection($"Data Source={restored}"))
        {
            await connection.OpenAsync();
            DanishCollation.Register(connection);
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", (string?)await check.ExecuteScalarAsync());
            await using var ids = connection.CreateCommand();
            ids.CommandText = "SELECT Id FROM AuditLog";
            var found = new HashSet<long>();
            await using var reader = await ids.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                found.Add(reader.GetInt64(0));
            }
            Assert.True(before.Count >= 100);
            Assert.Empty(before.Except(found));
            Assert.True(found.Count <= committed.Count + 1);
        }

        var sums = await File.ReadAllLinesAsync(Path.Combine(folder, BackupJob.ChecksumFile));
        Assert.NotEmpty(sums);
        foreach (var line in sums)
        {
            var (hash, file) = (line[..64], line[66..]);
            await using var stream = File.OpenRead(Path.Combine(folder, file));
            Assert.Equal(hash, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)));
        }
        await using var audit = _db.CreateContext();
        Assert.Contains(await audit.AuditLog.Where(e => e.Action == AuditAction.BackupMade).ToListAsync(), e => e.After!.StartsWith(folder, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnlyTheNewestGenerationsAreKept()
    {
        var job = _db.Get<BackupJob>();
        var made = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            made.Add(await job.RunAsync());
            _db.Clock.Now += TimeSpan.FromDays(1);
        }

        Assert.Equal(made.Skip(1).Order(StringComparer.Ordinal), Directory.EnumerateDirectories(_backups).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AFailedBackup_IsAuditedAndEmailedToTheAdministrators_OnceIn12Hours()
    {
        await _db.CreateUserAsync("ada", Roles.Administrator, email: "ada@kommune.dk");
        await _db.CreateUserAsync("bo", Roles.Administrator, email: "bo@kommune.dk");
        await _db.CreateUserAsync("karl", Roles.Consultant, email: "karl@kommune.dk");
        // The backup folder cannot be made: a file is in its place.
        await File.WriteAllTextAsync(_backups, "ikke en mappe");
        var job = _db.Get<BackupJob>();
        try
        {
            await Assert.ThrowsAsync<IOException>(job.RunAsync);
            _db.Clock.Now += TimeSpan.FromMinutes(10); // Hangfire's retry
            await Assert.ThrowsAsync<IOException>(job.RunAsync);

            await using (var db = _db.CreateContext())
            {
                Assert.All(await db.AuditLog.Where(e => e.Action == AuditAction.BackupMade).Select(e => e.After).ToListAsync(),
                    after => Assert.StartsWith(BackupJob.Failed, after));
                var alerts = await db.Messages.Where(m => m.Kind == MessageKind.OperationsAlert).ToListAsync();
                Assert.Equal(["ada@kommune.dk", "bo@kommune.dk"], alerts.Select(m => m.Recipient).Order(StringComparer.Ordinal));
                Assert.Equal("Erhvervsdialog: sikkerhedskopien mislykkedes", alerts[0].Subject);
                Assert.Contains("Administration → Drift", alerts[0].Body);
                Assert.Equal(alerts.Select(m => m.Id).Order(), _db.Jobs.MessageIds.Order());
            }

            _db.Clock.Now += TimeSpan.FromHours(13);
            await Assert.ThrowsAsync<IOException>(job.RunAsync);
            await using var later = _db.CreateContext();
            Assert.Equal(4, await later.Messages.CountAsync(m => m.Kind == MessageKind.OperationsAlert));
        }
        finally
        {
            File.Delete(_backups);
        }
    }
}
