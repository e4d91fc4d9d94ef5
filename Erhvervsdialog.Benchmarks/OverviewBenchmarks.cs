using BenchmarkDotNet.Attributes;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Overview;
using Erhvervsdialog.Core.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Benchmarks;

/// <summary>
/// Issue "Overblik": the start page's data and the unit comparison (90 days) with 100,000 contacts and 30,000 answers
/// (aim: under 200 ms server-side each), on the 100,000-company database. The clock is the real one, so the
/// benchmark data (up to 26-11-2026) falls in the start page's windows when run in late 2026.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 10)]
public class OverviewBenchmarks
{
    private ServiceProvider _services = default!;
    private readonly Actor _director = new("benchmark", "benchmark", new HashSet<string> { Roles.Director });

    [GlobalSetup]
    public void Setup()
    {
        _services = BenchmarkDatabase.Open(100_000);
        BenchmarkDatabase.YearOfHistory(_services);
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Description = "start page (Overblik) for the director")]
    public async Task<int> StartPage() => (await _services.GetRequiredService<GetOverview>().HandleAsync(_director)).Units.Count;

    [Benchmark(Description = "unit comparison, last 90 days, units and topics")]
    public async Task<int> Comparison()
    {
        var now = DateTime.UtcNow;
        return (await _services.GetRequiredService<UnitComparison>().HandleAsync(now.AddDays(-90), now, _director)).Topics.Count;
    }
}
