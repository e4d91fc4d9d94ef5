using System.Diagnostics;
using System.Net.Http.Json;
using Erhvervsdialog.Core;
using Erhvervsdialog.Core.Api;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Erhvervsdialog.Benchmarks;

/// <summary>
/// Issue "Beyond one machine": intake API posts per second on PostgreSQL with one node and with two nodes behind nginx
/// (README's configuration), on this machine. Each setting gets a fresh database; clients post new closed contacts for
/// new companies as fast as the app takes them, for a fixed time after a warm-up.
/// <c>dotnet run -c Release --project Erhvervsdialog.Benchmarks -- intake-throughput "Host=…;Username=…;Database=postgres" [seconds] [clients]</c>
/// </summary>
public static class IntakeThroughput
{
    public static async Task RunAsync(string server, int seconds, int clients)
    {
        Console.WriteLine($"Intake API, PostgreSQL, {clients} clients, {seconds} s per setting (after a 5 s warm-up):");
        foreach (var (nodes, proxy) in new[] { (1, false), (1, true), (2, true) })
        {
            var database = new NpgsqlConnectionStringBuilder(server) { Database = $"intake_bench_{Guid.NewGuid():N}" }.ToString();
            await ExecuteAsync(server, $"CREATE DATABASE \"{new NpgsqlConnectionStringBuilder(database).Database}\"");
            try
            {
                var key = await SetUpAsync(database);
                var apps = Enumerable.Range(0, nodes).Select(_ => StartNode(database)).ToList();
                Nginx? nginx = null;
                try
                {
                    foreach (var app in apps)
                    {
                        using var direct = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
                        if (!await AppProcess.HealthyAsync(direct, TimeSpan.FromSeconds(90)))
                        {
                            throw new InvalidOperationException($"A node did not start:\n{app.LogTail}");
                        }
                    }
                    nginx = proxy ? await new Nginx().StartAsync(apps.Select(a => a.Port)) : null;
                    var url = nginx?.BaseUrl ?? apps[0].BaseUrl;
                    var (posts, latencies) = await LoadAsync(url, key, clients, TimeSpan.FromSeconds(seconds));
                    latencies.Sort();
                    Console.WriteLine($"  {nodes} node{(nodes > 1 ? "s" : "")}{(proxy ? " behind nginx" : ", direct")}: " +
                                      $"{posts / (double)seconds,6:F0} posts/s, latency p50 {latencies[latencies.Count / 2]:F0} ms, " +
                                      $"p95 {latencies[(int)(latencies.Count * 0.95)]:F0} ms");
                }
                finally
                {
                    if (nginx is not null)
                    {
                        await nginx.DisposeAsync();
                    }
                    apps.ForEach(a => a.Dispose());
                }
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(database).Database}\" WITH (FORCE)");
            }
        }
    }

    private static async Task<string> SetUpAsync(string database)
    {
        await using var services = new ServiceCollection().AddLogging()
            .AddErhvervsdialogCore(new DatabaseSettings(DatabaseProvider.PostgreSql, database)).BuildServiceProvider();
        await services.GetRequiredService<DatabaseSetup>().MigrateAsync();
        var admin = new Actor("bench", "bench", new HashSet<string> { Roles.Administrator });
        var unit = (await services.GetRequiredService<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Byggeri", ShortName = "BYG" }, admin)).Id;
        return (await services.GetRequiredService<ApiKeys>().CreateAsync("Benchmark", true, [unit], admin)).Key!;
    }

    private static AppProcess StartNode(string database) => AppProcess.Start(AppProcess.FreePort(), new Dictionary<string, string>
    {
        ["Erhvervsdialog__DataFolder"] = Path.Combine(Path.GetTempPath(), $"erhvervsdialog-intake-{Guid.NewGuid():N}"),
        ["Erhvervsdialog__Database__Provider"] = "PostgreSql",
        ["ConnectionStrings__Erhvervsdialog"] = database,
        ["Erhvervsdialog__Surveys__TokenKey"] = Convert.ToBase64String(new byte[32]),
        ["Erhvervsdialog__Api__RequestsPerMinute"] = "10000000",
        ["Erhvervsdialog__Proxy__KnownProxies__0"] = "127.0.0.1",
        ["Logging__LogLevel__Default"] = "Warning",
    });

    private static async Task<(int Posts, List<double> Latencies)> LoadAsync(string url, string key, int clients, TimeSpan duration)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        var next = 0;
        var posts = 0;
        var latencies = new List<double>();
        var measuring = false;
        var warmUp = TimeSpan.FromSeconds(5);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (clock.Elapsed < warmUp + duration)
            {
                var n = Interlocked.Increment(ref next);
                var started = Stopwatch.GetTimestamp();
                var response = await http.PostAsJsonAsync("/api/v1/contacts", new
                {
                    externalId = $"sag-{n}", cvr = Cvr(n), companyName = $"Virksomhed {n} ApS", unit = "BYG", channel = "telefon", status = "afsluttet",
                    occurredAt = "2026-11-20T10:30:00+01:00", closedAt = "2026-11-20T11:30:00+01:00",
                });
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
                measuring = clock.Elapsed > warmUp;
                if (measuring && clock.Elapsed < warmUp + duration)
                {
                    Interlocked.Increment(ref posts);
                    lock (latencies)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
            }
        }));
        return (posts, latencies);
    }

    private static string Cvr(int n) => Erhvervsdialog.Core.Companies.CvrNumber.MadeUp(n);

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
