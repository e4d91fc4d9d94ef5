using BenchmarkDotNet.Attributes;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Reports;
using Erhvervsdialog.Core.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Benchmarks;

/// <summary>
/// Issue "PDF reports": the company dossier for a company with 2,000 contacts (aim: a 50-page dossier in under 1 s),
/// and the monthly service report over 10,000 answers (aim: under 2 s), on the 100,000-company database.
/// Peak memory is measured by <c>report-timing</c> in Program.cs, in a process of its own.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 10)]
public class ReportBenchmarks
{
    private ServiceProvider _services = default!;
    private int _companyId;
    private readonly Actor _actor = new("benchmark", "benchmark", new HashSet<string> { Roles.Director });

    [GlobalSetup]
    public void Setup()
    {
        _services = BenchmarkDatabase.Open(100_000);
        _companyId = BenchmarkDatabase.CompanyWithManyContacts(_services, 2_000);
        BenchmarkDatabase.MonthOfAnswers(_services, 10_000);
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Description = "company dossier PDF, 2,000 contacts")]
    public async Task<int> Dossier() =>
        (await _services.GetRequiredService<CompanyReports>().DossierAsync(_companyId, _actor))!.Content.Length;

    public byte[] DossierFile() => _services.GetRequiredService<CompanyReports>().DossierAsync(_companyId, _actor).GetAwaiter().GetResult()!.Content;

    [Benchmark(Description = "monthly service report PDF, 10,000 answers")]
    public async Task<int> MonthlyReport() =>
        (await _services.GetRequiredService<ServiceReport>().BuildAsync(new PeriodRange(new DateTime(2026, 10, 1), new DateTime(2026, 11, 1)))).Length;
}
