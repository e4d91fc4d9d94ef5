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
            .AddSingleton<Hangfire.IBackgroundJobClient, NoJobs>()
            .BuildServiceProvider();
        if (!File.Exists(path))
        {
            Build(services, companies).GetAwaiter().GetResult();
        }
        // A database built by an older version gets the newer migrations.
        services.GetRequiredService<DatabaseSetup>().MigrateAsync().GetAwaiter().GetResult();
        return services;
    }

    /// <summary>
    /// The same database on PostgreSQL, on the server ERHVERVSDIALOG_BENCH_POSTGRES names (e.g. the one
    /// scripts/throwaway-postgres.sh starts): copied once from the SQLite database with the app's own copy command, then
    /// reused. Drop the database <c>erhvervsdialog_bench_N_vV</c> to rebuild it.
    /// </summary>
    public static ServiceProvider OpenPostgreSql(int companies)
    {
        var server = Environment.GetEnvironmentVariable("ERHVERVSDIALOG_BENCH_POSTGRES")
            ?? throw new InvalidOperationException("Set ERHVERVSDIALOG_BENCH_POSTGRES to a PostgreSQL server's connection string.");
        var name = $"erhvervsdialog_bench_{companies}_v{GeneratorVersion}";
        var target = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
        using (var connection = new Npgsql.NpgsqlConnection(server))
        {
            connection.Open();
            using var exists = new Npgsql.NpgsqlCommand($"SELECT count(*) FROM pg_database WHERE datname = '{name}'", connection);
            if ((long)exists.ExecuteScalar()! == 0)
            {
                Console.WriteLine($"// Copying the {companies:N0}-company benchmark database to PostgreSQL …");
                string source;
                using (var sqlite = Open(companies))
                {
                    using var db = sqlite.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>().CreateDbContext();
                    source = db.Database.GetConnectionString()!;
                }
                using (var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", connection))
                {
                    create.ExecuteNonQuery();
                }
                if (!CopyToPostgreSql.RunAsync(new DatabaseSettings(DatabaseProvider.Sqlite, source), target, Console.Out).GetAwaiter().GetResult())
                {
                    throw new InvalidOperationException("The copy to PostgreSQL failed.");
                }
            }
        }
        var services = new ServiceCollection()
            .AddLogging()
            .AddErhvervsdialogCore(new DatabaseSettings(DatabaseProvider.PostgreSql, target))
            .AddSingleton<Hangfire.IBackgroundJobClient, NoJobs>()
            .BuildServiceProvider();
        using (var db = services.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>().CreateDbContext())
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            db.Database.ExecuteSqlRaw("VACUUM ANALYZE;");
        }
        return services;
    }

    /// <summary>A company with the given number of contacts spread over five units (added once, then reused).</summary>
    public static int CompanyWithManyContacts(ServiceProvider services, int contacts)
    {
        var factory = services.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>();
        using var db = factory.CreateDbContext();
        const string cvr = "99999997";
        var company = db.Companies.FirstOrDefault(c => c.Cvr == cvr);
        if (company is not null)
        {
            return company.Id;
        }
        var actor = new Actor("benchmark", "benchmark", new HashSet<string>());
        var units = Enumerable.Range(1, 5)
            .Select(i => new Erhvervsdialog.Core.Units.MunicipalUnit { Name = $"Enhed {i}", ShortName = $"E{i}", Topics = ["emne"] }).ToList();
        company = DemoData.Generate(1, seed: 99).Single();
        company.Cvr = cvr;
        company.ProductionUnits.Clear();
        db.Units.AddRange(units);
        db.Companies.Add(company);
        db.SaveChanges();
        db.Contacts.AddRange(DemoData.GenerateContacts(Enumerable.Repeat(company, contacts).ToList(), units, DateTime.UtcNow, seed: 5).Take(contacts));
        db.SaveChangesAsync(actor, DateTime.UtcNow).GetAwaiter().GetResult();
        return company.Id;
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

    /// <summary>October 2026 with the given number of answered surveys over the five units (added once, then reused).</summary>
    public static void MonthOfAnswers(ServiceProvider services, int answers)
    {
        var from = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);
        AddContacts(services, answers, from, from.AddMonths(1), answered: true);
    }

    /// <summary>
    /// For the start page and the unit comparison: 100,000 contacts and 30,000 answers in all, the extra ones spread
    /// over the twelve months before 26-11-2026 (added once, then reused).
    /// </summary>
    public static void YearOfHistory(ServiceProvider services)
    {
        MonthOfAnswers(services, 10_000);
        var to = new DateTime(2026, 11, 26, 0, 0, 0, DateTimeKind.Utc);
        var from = to.AddYears(-1).AddDays(1);
        AddContacts(services, 20_000, from, to, answered: true);
        AddContacts(services, 68_000, from, to, answered: false);
        CaseDatesAndTimeTaken(services);
    }

    /// <summary>
    /// Issue "Hear the companies better": every history contact is a case decided the day it closed, received 0–59 days
    /// before, and every answer rates the time taken (1–5), so the comparison's handling-time figures have full data.
    /// </summary>
    private static void CaseDatesAndTimeTaken(ServiceProvider services)
    {
        using var db = services.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>().CreateDbContext();
        if (db.Contacts.Any(c => c.CaseDecidedOn != null))
        {
            return;
        }
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        db.Database.ExecuteSqlRaw(
            "UPDATE Contacts SET CaseDecidedOn = date(ClosedAt), CaseReceivedOn = date(ClosedAt, '-' || (Id % 60) || ' days') WHERE ClosedAt IS NOT NULL");
        var question = db.SurveyQuestions.Where(q => q.Category == Erhvervsdialog.Core.Surveys.QuestionCategory.CaseHandling
            && q.Kind == Erhvervsdialog.Core.Surveys.QuestionKind.Scale5).OrderBy(q => q.Id).Select(q => q.Id).First();
        var insert = $"INSERT INTO SurveyAnswer (ResponseId, QuestionId, Number) SELECT Id, {question}, 1 + (Id % 5) FROM SurveyResponses";
        db.Database.ExecuteSqlRaw(insert);
    }

    private static void AddContacts(ServiceProvider services, int count, DateTime from, DateTime to, bool answered)
    {
        var factory = services.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>();
        using var db = factory.CreateDbContext();
        var marker = $"bench-{(answered ? "answered" : "contact")}-{from:yyyyMMdd}-{to:yyyyMMdd}-{count}";
        if (db.Contacts.Any(c => c.CaseReference == marker))
        {
            return;
        }
        var companyId = CompanyWithManyContacts(services, 2_000);
        var units = db.Units.Select(u => u.Id).ToList();
        var version = db.SurveyTemplateVersions.OrderBy(v => v.Id).First().Id;
        var random = new Random(count);
        var minutes = (int)(to - from).TotalMinutes;
        string[] topics = ["byggetilladelse", "rekruttering", "miljøgodkendelse", "lokalplan", "iværksætteri", "spildevand", "løntilskud"];
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = 0; i < count; i++)
        {
            var at = from.AddMinutes(random.Next(0, minutes));
            var unit = units[random.Next(units.Count)];
            var score = random.Next(1, 6);
            var contact = new Erhvervsdialog.Core.Contacts.Contact
            {
                CompanyId = companyId, UnitId = unit, OccurredAt = at, Topic = topics[random.Next(topics.Length)], Status = Erhvervsdialog.Core.Contacts.ContactStatus.Closed,
                ClosedAt = at, CreatedAt = at, UpdatedAt = at, CaseReference = i == 0 ? marker : null,
            };
            if (!answered)
            {
                db.Contacts.Add(contact);
            }
            else
            {
                var invitation = new Erhvervsdialog.Core.Surveys.SurveyInvitation
                {
                    Contact = contact, CompanyId = companyId, UnitId = unit, TemplateVersionId = version, Recipient = "bench@demo.invalid",
                    TokenNonce = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16), TokenHash = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32),
                    Status = Erhvervsdialog.Core.Surveys.InvitationStatus.Answered, CreatedAt = at, SentAt = at, ExpiresAt = at.AddDays(14), AnsweredAt = at,
                };
                db.SurveyResponses.Add(new Erhvervsdialog.Core.Surveys.SurveyResponse
                {
                    Invitation = invitation, TemplateVersionId = version, SubmittedAt = at, UnitId = unit, CompanyId = companyId, Topic = contact.Topic,
                    ContactOccurredAt = at, Satisfaction = score, LowestScore = score, Recommendation = Math.Clamp(score * 2 + random.Next(-1, 2), 0, 10),
                    Comment = random.Next(8) == 0 ? "Kommentar fra benchmark: det gik fint, men tog lidt tid." : null,
                });
            }
            if (i % 2000 == 1999)
            {
                db.SaveChanges();
                db.ChangeTracker.Clear();
            }
        }
        db.SaveChanges();
    }

    /// <summary>The benchmarks read; nothing they run queues a job, and there is no Hangfire storage here.</summary>
    internal sealed class NoJobs : Hangfire.IBackgroundJobClient
    {
        public string Create(Hangfire.Common.Job job, Hangfire.States.IState state) => throw new InvalidOperationException("Benchmarks queue no jobs.");

        public bool ChangeState(string jobId, Hangfire.States.IState state, string expectedState) => false;
    }
}
