using System.Net;
using System.Net.Http.Json;
using BenchmarkDotNet.Attributes;
using Erhvervsdialog.Core.Api;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Benchmarks;

/// <summary>
/// Issue "One shared history": the intake API's throughput for single posts, over a real loopback socket to the real
/// app (Kestrel, SQLite in a temp data folder). One operation = one POST of a new contact; ops/s is the throughput.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 10)]
public class ApiBenchmarks
{
    private BenchmarkApp _app = default!;
    private HttpClient _http = default!;
    private int _next;

    [Params(1, 4)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _app = new BenchmarkApp(new Dictionary<string, string> { ["Erhvervsdialog:Api:RequestsPerMinute"] = "1000000" }).Start();
        _http = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        var services = _app.Services;
        var admin = new Actor("bench", "bench", new HashSet<string> { Roles.Administrator });
        var byg = new MunicipalUnit { Name = "Byggeri", ShortName = "BYG" };
        using (var db = services.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>().CreateDbContext())
        {
            db.Units.Add(byg);
            db.Companies.Add(new Company { Cvr = "24256790", Name = "Øresund Byg ApS" });
            db.SaveChangesAsync(admin, DateTime.UtcNow).GetAwaiter().GetResult();
        }
        var key = services.GetRequiredService<ApiKeys>().CreateAsync("Benchmark", false, [byg.Id], admin).GetAwaiter().GetResult().Key;
        _http.DefaultRequestHeaders.Add("X-Api-Key", key);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _app.Dispose();
    }

    [Benchmark(Description = "POST /api/v1/contacts (new contact)", OperationsPerInvoke = 20)]
    public async Task Post()
    {
        var batches = 20 / Concurrency;
        for (var b = 0; b < batches; b++)
        {
            await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => PostOneAsync()));
        }
    }

    private async Task PostOneAsync()
    {
        var id = Interlocked.Increment(ref _next);
        var response = await _http.PostAsJsonAsync("/api/v1/contacts", new
        {
            externalId = $"B-{id}", cvr = "24256790", unit = "BYG", occurredAt = "2026-11-20T10:30:00+01:00",
            channel = "telefon", topic = "byggetilladelse", summary = "Benchmark", status = "afsluttet",
        });
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
