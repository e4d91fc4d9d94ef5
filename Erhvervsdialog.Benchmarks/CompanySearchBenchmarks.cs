using BenchmarkDotNet.Attributes;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Benchmarks;

/// <summary>
/// Issue "Foundation": company search on 100,000 companies, server-side, aim under 20 ms per search. Issue "Light, fast
/// pages" and "Beyond one machine": the same over 800,000 (a national register), on SQLite and on PostgreSQL, aim p95
/// under 5 ms for the first page.
/// Each call is what one keystroke in the Virksomheder search box costs: count (to 1,000) + one sorted page of 25.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(P95Config))]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class CompanySearchBenchmarks
{
    private ServiceProvider _services = default!;
    private IDbContextFactory<ErhvervsdialogDbContext> _dbFactory = default!;

    private sealed class P95Config : BenchmarkDotNet.Configs.ManualConfig
    {
        public P95Config() => AddColumn(BenchmarkDotNet.Columns.StatisticColumn.P95);
    }

    /// <summary>100,000 by default; ERHVERVSDIALOG_BENCH_COMPANIES=100000,800000 adds the national register (its database takes minutes to build once).</summary>
    public static IEnumerable<int> Sizes =>
        (Environment.GetEnvironmentVariable("ERHVERVSDIALOG_BENCH_COMPANIES") ?? "100000").Split(',').Select(int.Parse);

    [ParamsSource(nameof(Sizes))]
    public int Companies { get; set; }

    /// <summary>SQLite by default; ERHVERVSDIALOG_BENCH_PROVIDERS=Sqlite,PostgreSql adds PostgreSQL (ERHVERVSDIALOG_BENCH_POSTGRES names the server).</summary>
    public static IEnumerable<DatabaseProvider> Providers =>
        (Environment.GetEnvironmentVariable("ERHVERVSDIALOG_BENCH_PROVIDERS") ?? "Sqlite").Split(',').Select(Enum.Parse<DatabaseProvider>);

    [ParamsSource(nameof(Providers))]
    public DatabaseProvider Provider { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _services = Provider == DatabaseProvider.Sqlite ? BenchmarkDatabase.Open(Companies) : BenchmarkDatabase.OpenPostgreSql(Companies);
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

    [Benchmark(Description = "one letter 'h'")]
    public Task<CompanyPage> OneLetter() => SearchAsync(new CompanyQuery { Text = "h" });

    [Benchmark(Description = "industry word 'bageri'")]
    public Task<CompanyPage> IndustryWord() => SearchAsync(new CompanyQuery { Text = "bageri" });

    [Benchmark(Description = "city 'helsingør'")]
    public Task<CompanyPage> City() => SearchAsync(new CompanyQuery { Text = "helsingør" });

    [Benchmark(Description = "city 'helsingør', page 20")]
    public Task<CompanyPage> CityDeepPage() =>
        SearchAsync(new CompanyQuery { Text = "helsingør", Page = 20 });
}
