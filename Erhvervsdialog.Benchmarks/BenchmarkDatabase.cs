using Erhvervsdialog.Core;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Benchmarks;

/// <summary>
/// A realistic SQLite database for benchmarks, built once with the demo generator and kept in the temp folder between
/// runs (BenchmarkDotNet starts a new process per job). Delete the file to rebuild it.
/// </summary>
public static class BenchmarkDatabase
{
    private const int GeneratorVersion = 1;

    public static ServiceProvider Open(int companies)
    {
        var path = Path.Combine(Path.GetTempPath(), $"erhvervsdialog-bench-{companies}-v{GeneratorVersion}.db");
        var services = new ServiceCollection()
            .AddLogging()
            .AddErhvervsdialogCore($"Data Source={path}")
            .BuildServiceProvider();
        if (!File.Exists(path))
        {
            Build(services, companies).GetAwaiter().GetResult();
        }
        return services;
    }

    private static async Task Build(ServiceProvider services, int companies)
    {
        Console.WriteLine($"// Building benchmark database with {companies:N0} companies …");
        await services.GetRequiredService<DatabaseSetup>().MigrateAsync();
        var factory = services.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>();
        var actor = new Actor("benchmark", "benchmark", new HashSet<string>());
        var batch = new List<Erhvervsdialog.Core.Companies.Company>(5000);
        foreach (var company in DemoData.Generate(companies, seed: 42))
        {
            batch.Add(company);
            if (batch.Count == 5000)
            {
                await SaveAsync(factory, actor, batch);
            }
        }
        await SaveAsync(factory, actor, batch);
        await using var db = await factory.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync("ANALYZE;");
    }

    private static async Task SaveAsync(IDbContextFactory<ErhvervsdialogDbContext> factory, Actor actor,
        List<Erhvervsdialog.Core.Companies.Company> batch)
    {
        await using var db = await factory.CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.Companies.AddRange(batch);
        await db.SaveChangesAsync(actor, DateTime.UtcNow);
        batch.Clear();
    }
}
