using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Erhvervsdialog.Core;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Demo;
using Erhvervsdialog.Core.Import;
using Erhvervsdialog.Core.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Benchmarks;

/// <summary>
/// Issue "One shared history": the company page's data for a company with 2,000 contacts (aim under 100 ms
/// server-side), on the 100,000-company database.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class CompanyPageBenchmarks
{
    private ServiceProvider _services = default!;
    private int _companyId;
    private readonly Actor _actor = new("benchmark", "benchmark", new HashSet<string> { Roles.Consultant });

    [GlobalSetup]
    public void Setup()
    {
        _services = BenchmarkDatabase.Open(100_000);
        _companyId = BenchmarkDatabase.CompanyWithManyContacts(_services, 2_000);
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Description = "company + contact persons + timeline (50 newest of 2,000) + who has been in touch")]
    public async Task<int> CompanyPage()
    {
        var company = await _services.GetRequiredService<GetCompany>().HandleAsync(_companyId, _actor);
        var timeline = await _services.GetRequiredService<GetCompanyTimeline>().HandleAsync(new TimelineQuery(_companyId, _actor));
        return company!.Company.ContactPersons.Count + timeline.Items.Count + timeline.Units.Count;
    }
}

/// <summary>Issue "One shared history": importing 10,000 rows ("should import in a few seconds").</summary>
[SimpleJob(RunStrategy.Monitoring, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class ImportBenchmarks
{
    private ServiceProvider _services = default!;
    private string _path = "";
    private Table _table = default!;
    private Dictionary<ImportField, int> _mapping = default!;
    private readonly Actor _admin = new("benchmark", "benchmark", new HashSet<string> { Roles.Administrator });

    [GlobalSetup]
    public void Setup()
    {
        var rows = DemoData.Generate(10_000, seed: 11)
            .Select((c, i) => new TableRow(i + 2, [c.Cvr, c.Name, c.Address!, c.PostalCode!, c.City!, c.IndustryCode!, c.IndustryText!, c.Phone!, c.Email!]))
            .ToList();
        _table = new Table(["CVR", "Navn", "Adresse", "Postnr", "By", "Branchekode", "Branchetekst", "Telefon", "E-mail"], rows);
    }

    [IterationSetup]
    public void NewDatabase()
    {
        _path = Path.Combine(Path.GetTempPath(), $"erhvervsdialog-import-{Guid.NewGuid():N}.db");
        _services = new ServiceCollection().AddLogging().AddErhvervsdialogCore($"Data Source={_path}").BuildServiceProvider();
        _services.GetRequiredService<DatabaseSetup>().MigrateAsync().GetAwaiter().GetResult();
        _mapping = _services.GetRequiredService<CompanyImport>().SuggestMappingAsync(_table.Headers).GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void DropDatabase()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Benchmark(Description = "validate + import 10,000 new companies")]
    public async Task<int> Import10000()
    {
        var import = _services.GetRequiredService<CompanyImport>();
        var plan = await import.ValidateAsync(_table, _mapping);
        var result = await import.ApplyAsync(plan, _table, _mapping, _admin);
        return result.Created;
    }
}
