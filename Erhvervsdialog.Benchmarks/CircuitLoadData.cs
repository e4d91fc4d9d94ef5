using Erhvervsdialog.Core;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Benchmarks;

/// <summary>
/// Issue "Light, fast pages": the data folder that circuit-load/run.sh starts the app on. It is a copy of the
/// 100,000-company benchmark database with a year of history (100,000 contacts, 30,000 answers on one company) and one
/// director who signs in with the password given. Prints the id of the company with the history.
/// Run: dotnet run -c Release --project Erhvervsdialog.Benchmarks -- circuit-load-data FOLDER PASSWORD
/// </summary>
public static class CircuitLoadData
{
    public const string UserName = "direktoer";

    public static async Task RunAsync(string folder, string password)
    {
        int companyId;
        string source;
        await using (var bench = BenchmarkDatabase.Open(100_000))
        {
            BenchmarkDatabase.YearOfHistory(bench);
            companyId = BenchmarkDatabase.CompanyWithManyContacts(bench, 2_000);
            await using var db = await bench.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>().CreateDbContextAsync();
            source = db.Database.GetDbConnection().DataSource;
        }
        SqliteConnection.ClearAllPools();
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, "erhvervsdialog.db");
        if (!File.Exists(target))
        {
            File.Copy(source, target);
        }
        await using var services = new ServiceCollection().AddLogging().AddErhvervsdialogCore($"Data Source={target}")
            .AddSingleton<Hangfire.IBackgroundJobClient, BenchmarkDatabase.NoJobs>().BuildServiceProvider();
        if (!await services.GetRequiredService<SaveUser>().AnyUserAsync())
        {
            var result = await services.GetRequiredService<SaveUser>().SeedAsync(new SaveUserCommand
            {
                UserName = UserName, FullName = "Direktør til belastningsmåling", Password = password, Roles = [Roles.Director],
            });
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors.Values));
            }
        }
        Console.WriteLine($"company={companyId}");
    }
}
