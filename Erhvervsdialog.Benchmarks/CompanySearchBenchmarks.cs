using BenchmarkDotNet.Attributes;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Data;
using Microsoft.EntityFrameworkCore;
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
    private IDbContextFactory<ErhvervsdialogDbContext> _dbFactory = default!;

    [Params(100_000)]
    public int Companies { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _services = BenchmarkDatabase.Open(Companies);
        _dbFactory = _services.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>();
    }

    /// <summary>The search itself, as SearchCompanies runs it; the access-log row a search by a user adds is not part of it.</summary>
    private async Task<CompanyPage> SearchAsync(CompanyQuery query)
    {
        await using var db = await _dbFactory.CreateDbContextAsync();
        return await SearchCompanies.RunAsync(db, query, CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Description = "first page, no search, by name")]
    public Task<CompanyPage> FirstPage() => SearchAsync(new CompanyQuery());

    [Benchmark(Description = "name word prefix 'kronborg'")]
    public Task<CompanyPage> NamePrefix() => SearchAsync(new CompanyQuery { Text = "kronborg" });

    [Benchmark(Description = "two words 'øresund bageri'")]
    public Task<CompanyPage> TwoWords() => SearchAsync(new CompanyQuery { Text = "øresund bageri" });

    [Benchmark(Description = "CVR prefix '91234'")]
    public Task<CompanyPage> CvrPrefix() => SearchAsync(new CompanyQuery { Text = "91234" });

    [Benchmark(Description = "city 'helsingør', page 20")]
    public Task<CompanyPage> CityDeepPage() =>
        SearchAsync(new CompanyQuery { Text = "helsingør", Page = 20 });
}
