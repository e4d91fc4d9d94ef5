using BenchmarkDotNet.Attributes;
using Erhvervsdialog.Core.Companies;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Benchmarks;

/// <summary>
/// Issue "Foundation": company search on 100,000 companies, server-side, aim under 20 ms per search.
/// Each call is what one keystroke in the Virksomheder search box costs: count + one sorted page of 25.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class CompanySearchBenchmarks
{
    private ServiceProvider _services = default!;
    private SearchCompanies _search = default!;

    [Params(100_000)]
    public int Companies { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _services = BenchmarkDatabase.Open(Companies);
        _search = _services.GetRequiredService<SearchCompanies>();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Description = "first page, no search, by name")]
    public Task<CompanyPage> FirstPage() => _search.HandleAsync(new CompanyQuery(), actor: null);

    [Benchmark(Description = "name word prefix 'kronborg'")]
    public Task<CompanyPage> NamePrefix() => _search.HandleAsync(new CompanyQuery { Text = "kronborg" }, actor: null);

    [Benchmark(Description = "two words 'øresund bageri'")]
    public Task<CompanyPage> TwoWords() => _search.HandleAsync(new CompanyQuery { Text = "øresund bageri" }, actor: null);

    [Benchmark(Description = "CVR prefix '91234'")]
    public Task<CompanyPage> CvrPrefix() => _search.HandleAsync(new CompanyQuery { Text = "91234" }, actor: null);

    [Benchmark(Description = "city 'helsingør', page 20")]
    public Task<CompanyPage> CityDeepPage() =>
        _search.HandleAsync(new CompanyQuery { Text = "helsingør", Page = 20 }, actor: null);
}
