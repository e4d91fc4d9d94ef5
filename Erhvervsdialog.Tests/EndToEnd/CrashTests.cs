using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Erhvervsdialog.Core;
using Erhvervsdialog.Core.Api;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Demo;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Erhvervsdialog.Tests.EndToEnd;

/// <summary>
/// The app is killed (SIGKILL) at random moments while case systems post closed contacts and Hangfire sends their survey
/// e-mails to an SMTP server on loopback; then it restarts, again and again. At the end every contact the API
/// acknowledged has its survey delivered exactly once, or (killed between the SMTP server's OK and the app's record of it)
/// is waiting for a person's decision in the Udbakke; nothing is sent twice and nothing is lost. The suite runs
/// <see cref="DefaultRounds"/> rounds; ERHVERVSDIALOG_CRASH_ROUNDS=200 runs the full 200 (about 20 minutes).
/// </summary>
[Collection(BrowserCollection.Name)]
public class CrashTests(ITestOutputHelper output)
{
    private const int DefaultRounds = 12;
    private const int PostsPerRound = 80;

    private static AppProcess StartApp(string folder, int port, int smtpPort) => AppProcess.Start(port, new Dictionary<string, string>
    {
        ["Erhvervsdialog__DataFolder"] = folder,
        ["Erhvervsdialog__Surveys__SendDelay"] = "00:00:00",
        ["Erhvervsdialog__Messaging__Smtp__Host"] = "127.0.0.1",
        ["Erhvervsdialog__Messaging__Smtp__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture),
        ["Erhvervsdialog__Messaging__Smtp__Security"] = "None",
        ["Erhvervsdialog__Messaging__Smtp__From"] = "erhverv@kommune.dk",
        ["Erhvervsdialog__Messaging__ReviewAfter"] = "00:00:20",
    });

    private static async Task<List<(string Recipient, string Status)>> SurveyMessagesAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("SELECT Recipient, Status FROM Messages WHERE Kind = 0", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), ((Erhvervsdialog.Core.Messaging.MessageStatus)reader.GetInt32(1)).ToString()));
        }
        return rows;
    }

    [Fact]
    public async Task KilledAtRandomMomentsWhileSendingSurveys_NothingIsSentTwiceAndNothingIsLost()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("ERHVERVSDIALOG_CRASH_ROUNDS"), out var r) ? r : DefaultRounds;
        var folder = Path.Combine(Path.GetTempPath(), $"erhvervsdialog-crash-{Guid.NewGuid():N}");
        var database = Path.Combine(folder, "erhvervsdialog.db");
        await using var smtp = new TestSmtpServer().Start();
        try
        {
            // The database, a unit and an API key that may create companies, made before the app first starts.
            Directory.CreateDirectory(folder);
            string key;
            await using (var services = new ServiceCollection().AddLogging().AddErhvervsdialogCore($"Data Source={database}").BuildServiceProvider())
            {
                await services.GetRequiredService<DatabaseSetup>().MigrateAsync();
                var admin = new Actor("setup", "setup", new HashSet<string> { Roles.Administrator });
                var unit = (await services.GetRequiredService<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Byggeri", ShortName = "BYG" }, admin)).Id;
                key = (await services.GetRequiredService<ApiKeys>().CreateAsync("ESDH", true, [unit], admin)).Key!;
            }
            SqliteConnection.ClearAllPools();

            var companies = DemoData.Generate(rounds * PostsPerRound * 2 + 10, seed: 41).DistinctBy(c => c.Cvr).ToList();
            var acknowledged = new HashSet<string>();
            var pending = new Queue<int>();
            var next = 0;
            var random = new Random(7);
            var port = TestSmtpServer.FreePort();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
            var clock = Stopwatch.StartNew();

            async Task<bool> PostAsync(int n)
            {
                var company = companies[n];
                var email = $"kontakt{n}@crash.example";
                try
                {
                    var response = await http.PostAsJsonAsync("/api/v1/contacts", new
                    {
                        externalId = $"sag-{n}", cvr = company.Cvr, companyName = company.Name, unit = "BYG", channel = "telefon", status = "afsluttet",
                        occurredAt = DateTimeOffset.UtcNow.AddHours(-2).ToString("O"), closedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"),
                        contactPerson = new { name = $"Kontakt {n}", email },
                    });
                    if (response.IsSuccessStatusCode)
                    {
                        acknowledged.Add(email);
                        return true;
                    }
                    Assert.True((int)response.StatusCode >= 500, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }
                // Not acknowledged (the app died mid-request): the case system posts it again later, as a real one would.
                pending.Enqueue(n);
                return false;
            }

            var killedWhileWorking = 0;
            for (var round = 0; round < rounds; round++)
            {
                using var app = StartApp(folder, port, smtp.Port);
                // Killed at a random moment: every third round while it starts, the others up to 2.5 s after the API first
                // answered in the round, while it saves and the jobs send.
                var duringStartUp = round % 3 == 0;
                var delay = TimeSpan.FromMilliseconds(random.Next(0, duringStartUp ? 5000 : 2500));
                var started = new TaskCompletionSource();
                var stuck = false;
                var killer = Task.Run(async () =>
                {
                    try
                    {
                        if (!duringStartUp)
                        {
                            stuck = await Task.WhenAny(started.Task, Task.Delay(TimeSpan.FromSeconds(60))) != started.Task;
                        }
                        await Task.Delay(delay);
                    }
                    finally
                    {
                        app.Process.Kill(entireProcessTree: true);
                    }
                });
                var wasHealthy = false;
                while (!app.HasExited)
                {
                    if (!wasHealthy)
                    {
                        wasHealthy = await AppProcess.HealthyAsync(http, TimeSpan.FromMilliseconds(200));
                    }
                    else
                    {
                        // Contacts keep coming, so the kill lands while some surveys are being sent.
                        if (await PostAsync(pending.Count > 0 ? pending.Dequeue() : next++))
                        {
                            started.TrySetResult();
                        }
                        await Task.Delay(random.Next(0, 100));
                    }
                }
                killedWhileWorking += started.Task.IsCompletedSuccessfully ? 1 : 0;
                await killer.WaitAsync(TimeSpan.FromSeconds(30));
                await app.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                Assert.False(stuck, $"round {round}: the restarted app acknowledged no contact within a minute " +
                                    $"(healthy: {wasHealthy}, exit code {app.Process.ExitCode}); its last output:\n{app.LogTail}");
            }

            // A last run, not killed: posts what is still pending, and lets the sweep finish or hand over what the kills cut off.
            using (var last = StartApp(folder, port, smtp.Port))
            {
                Assert.True(await AppProcess.HealthyAsync(http, TimeSpan.FromSeconds(60)), $"the app did not start within a minute:\n{last.LogTail}");
                while (pending.Count > 0)
                {
                    await PostAsync(pending.Dequeue());
                }
                var settle = Stopwatch.StartNew();
                while ((await SurveyMessagesAsync(database)).Any(m => m.Status is "Scheduled" or "Sending") && settle.Elapsed < TimeSpan.FromMinutes(3))
                {
                    await Task.Delay(1000);
                }
                await last.KillAsync();
            }

            var messages = await SurveyMessagesAsync(database);
            var delivered = smtp.Received.SelectMany(m => m.To.Mailboxes.Select(b => b.Address)).GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());
            var duplicates = delivered.Where(d => d.Value > 1).Select(d => d.Key).ToList();
            var twice = messages.GroupBy(m => m.Recipient).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            var review = messages.Where(m => m.Status == "NeedsReview").Select(m => m.Recipient).ToHashSet();
            var lost = acknowledged.Where(a => !delivered.ContainsKey(a) && !review.Contains(a)).ToList();
            var unsettled = messages.Where(m => m.Status is "Scheduled" or "Sending" or "Failed").ToList();
            output.WriteLine($"{rounds} kills ({killedWhileWorking} while working) in {clock.Elapsed.TotalSeconds:F0} s: {acknowledged.Count} contacts acknowledged, {delivered.Count} surveys delivered, " +
                             $"{review.Count} handed to a person (killed mid-send, {review.Count(delivered.ContainsKey)} of them delivered), " +
                             $"{duplicates.Count} delivered twice, {twice.Count} made twice, {lost.Count} lost, {unsettled.Count} unsettled");

            // Two thirds of the kills hit an app that was saving contacts and sending surveys.
            Assert.True(killedWhileWorking >= rounds / 2, $"only {killedWhileWorking} of {rounds} kills came while the app worked");
            Assert.True(acknowledged.Count >= killedWhileWorking, $"only {acknowledged.Count} contacts were acknowledged");
            Assert.Empty(duplicates);
            Assert.Empty(twice);
            Assert.Empty(lost);
            Assert.Empty(unsettled);
            Assert.Equal(acknowledged.Count, messages.Count);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
