using System.Diagnostics;
using Erhvervsdialog.Core;
using Erhvervsdialog.Core.Api;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Demo;
using Erhvervsdialog.Core.Import;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Benchmarks;

/// <summary>
/// Issue "GDPR and records … SQLite that never says database is locked": a 200,000-row company import while the API
/// receives contacts and users save forms, all in one process as in the app. Prints the import's time, how many posts
/// and form saves went through, their slowest and 95th-percentile times, and the errors (the aim is 0).
/// Run: dotnet run -c Release --project Erhvervsdialog.Benchmarks -- import-under-load [rows]
/// </summary>
public static class ImportUnderLoad
{
    public static async Task RunAsync(int rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"erhvervsdialog-load-{Guid.NewGuid():N}.db");
        await using var services = new ServiceCollection().AddLogging().AddErhvervsdialogCore($"Data Source={path}")
            .AddSingleton<Hangfire.IBackgroundJobClient, BenchmarkDatabase.NoJobs>().BuildServiceProvider();
        try
        {
            await services.GetRequiredService<DatabaseSetup>().MigrateAsync();
            var admin = new Actor("benchmark", "benchmark", new HashSet<string> { Roles.Administrator });
            var unitId = (await services.GetRequiredService<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Byggeri", ShortName = "BYG" }, admin)).Id;
            var companies = DemoData.Generate(rows + 1_000, seed: 31).DistinctBy(c => c.Cvr).ToList();
            var target = (await services.GetRequiredService<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = companies[^1].Cvr, Name = "Mål" }, admin)).Id;
            var (_, key) = await services.GetRequiredService<ApiKeys>().CreateAsync("ESDH", false, [unitId], admin);
            var client = (await services.GetRequiredService<ApiKeys>().AuthenticateAsync(key))!;
            var table = new Table(["CVR", "Navn", "Adresse", "Postnr", "By"],
                companies.Take(rows).Select((c, i) => new TableRow(i + 2, [c.Cvr, c.Name, c.Address!, c.PostalCode!, c.City!])).ToList());
            var import = services.GetRequiredService<CompanyImport>();
            var mapping = await import.SuggestMappingAsync(table.Headers);
            var plan = await import.ValidateAsync(table, mapping);

            var errors = 0;
            var postTimes = new List<double>();
            var formTimes = new List<double>();
            var clock = Stopwatch.StartNew();
            var importing = Task.Run(() => import.ApplyAsync(plan, table, mapping, admin));
            var posts = Task.Run(async () =>
            {
                for (var n = 1; !importing.IsCompleted; n++)
                {
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        var result = await services.GetRequiredService<IntakeContact>().HandleAsync(client, new ContactIntakeRequest
                        {
                            ExternalId = $"sag-{n}", Cvr = companies[^1].Cvr, Unit = "BYG", Channel = "telefon", Status = "åben",
                            OccurredAt = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"),
                        });
                        errors += result.Succeeded ? 0 : 1;
                    }
                    catch (Exception)
                    {
                        errors++;
                    }
                    postTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            });
            var forms = Task.Run(async () =>
            {
                for (var n = 0; !importing.IsCompleted; n++)
                {
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        var saved = await services.GetRequiredService<SaveContact>().HandleAsync(new SaveContactCommand
                        {
                            CompanyId = target, UnitId = unitId, OccurredAt = DateTime.UtcNow.AddHours(-2), Channel = ContactChannel.Meeting,
                            Summary = $"Formular {n}", Status = ContactStatus.Open,
                        }, admin);
                        errors += saved.Succeeded ? 0 : 1;
                    }
                    catch (Exception)
                    {
                        errors++;
                    }
                    formTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    await Task.Delay(50);
                }
            });
            var imported = await importing;
            var importTime = clock.Elapsed;
            await Task.WhenAll(posts, forms);

            await using var db = await services.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>().CreateDbContextAsync();
            var contacts = await db.Contacts.CountAsync();
            Console.WriteLine($"import: {imported.Created:N0} companies in {importTime.TotalSeconds:F1} s ({imported.Failure ?? "no failure"})");
            Console.WriteLine($"API posts during the import: {postTimes.Count:N0}; p95 {Percentile(postTimes, 0.95):F0} ms, slowest {postTimes.DefaultIfEmpty().Max():F0} ms");
            Console.WriteLine($"form saves during the import: {formTimes.Count:N0}; p95 {Percentile(formTimes, 0.95):F0} ms, slowest {formTimes.DefaultIfEmpty().Max():F0} ms");
            Console.WriteLine($"contacts stored: {contacts:N0} of {postTimes.Count + formTimes.Count:N0} posted or saved");
            Console.WriteLine($"errors: {errors}");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static double Percentile(List<double> values, double p) =>
        values.Count == 0 ? 0 : values.Order().ElementAt((int)Math.Min(values.Count - 1, Math.Ceiling(p * values.Count) - 1));
}
