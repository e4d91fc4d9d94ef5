using System.Diagnostics;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Core.Data;

/// <summary>
/// Moving up from the embedded default: copies every table of a municipality's SQLite database into an empty PostgreSQL
/// database (migrated here first), in one transaction, parents before children, and then checks that every table has the
/// same number of rows on both sides. Nothing is kept if anything fails. The job queue is not copied: the messages are in
/// the app's own tables, and the app's sweep plans what is still to be sent when it starts on PostgreSQL.
/// Run it with the app stopped: <c>dotnet Erhvervsdialog.Web.dll kopier-til-postgresql "Host=…;Database=…"</c>.
/// </summary>
public static class CopyToPostgreSql
{
    public const string Command = "kopier-til-postgresql";
    private const int Batch = 2000;

    public static async Task<bool> RunAsync(DatabaseSettings source, string target, TextWriter output, CancellationToken cancellationToken = default)
    {
        try
        {
            return await CopyAsync(source, target, output, cancellationToken);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or ArgumentException or DbUpdateException or Microsoft.Data.Sqlite.SqliteException)
        {
            // A wrong connection string, an unreachable server, a refused row: said plainly, and the transaction is gone.
            await output.WriteLineAsync($"Kopien mislykkedes, og intet er gemt i PostgreSQL-databasens tabeller: {e.GetBaseException().Message}");
            return false;
        }
    }

    private static async Task<bool> CopyAsync(DatabaseSettings source, string target, TextWriter output, CancellationToken cancellationToken)
    {
        if (!source.IsSqlite)
        {
            await output.WriteLineAsync("Kilden skal være SQLite-databasen i datamappen (Erhvervsdialog:Database:Provider = Sqlite).");
            return false;
        }
        await using var from = Services(source);
        await using var to = Services(new DatabaseSettings(DatabaseProvider.PostgreSql, target));
        await using var sourceDb = await from.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>().CreateDbContextAsync(cancellationToken);
        await using var targetDb = await to.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>().CreateDbContextAsync(cancellationToken);

        if ((await sourceDb.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await output.WriteLineAsync("SQLite-databasen er ikke på den nyeste version: start appen én gang på den, og stop den igen, før den kopieres.");
            return false;
        }
        if ((await targetDb.Database.GetAppliedMigrationsAsync(cancellationToken)).Any())
        {
            await output.WriteLineAsync("PostgreSQL-databasen er ikke tom (den har allerede Erhvervsdialogs tabeller). Kopien skal ind i en tom database.");
            return false;
        }
        await targetDb.Database.MigrateAsync(cancellationToken);

        var tables = InDependencyOrder(targetDb.Model);
        var clock = Stopwatch.StartNew();
        await using (var transaction = await targetDb.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var entity in tables)
            {
                var copied = await (Task<int>)typeof(CopyToPostgreSql).GetMethod(nameof(CopyTableAsync), BindingFlags.NonPublic | BindingFlags.Static)!
                    .MakeGenericMethod(entity.ClrType).Invoke(null, [sourceDb, targetDb, cancellationToken])!;
                await output.WriteLineAsync($"  {entity.GetTableName(),-32} {copied,10:N0} rækker");
            }
            // Identity columns continue after the copied ids.
            foreach (var entity in tables)
            {
                if (entity.FindPrimaryKey()?.Properties is [{ ValueGenerated: ValueGenerated.OnAdd, ClrType: var type } key] && (type == typeof(int) || type == typeof(long)))
                {
                    var table = entity.GetTableName()!;
                    var column = key.GetColumnName();
                    // Names from the model, not from input.
                    var restart = $"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), coalesce((SELECT max(\"{column}\") FROM \"{table}\"), 0) + 1, false)";
                    await targetDb.Database.ExecuteSqlRawAsync(restart, cancellationToken);
                }
            }
            await transaction.CommitAsync(cancellationToken);
        }
        // Statistics for the planner, and the search index's pending entries merged in, before the first user searches.
        targetDb.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        await targetDb.Database.ExecuteSqlRawAsync("VACUUM ANALYZE", cancellationToken);

        // The check: the same number of rows in every table on both sides.
        var differences = new List<string>();
        foreach (var entity in tables)
        {
            var count = typeof(CopyToPostgreSql).GetMethod(nameof(CountAsync), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(entity.ClrType);
            var before = await (Task<int>)count.Invoke(null, [sourceDb, cancellationToken])!;
            var after = await (Task<int>)count.Invoke(null, [targetDb, cancellationToken])!;
            if (before != after)
            {
                differences.Add($"{entity.GetTableName()}: {before:N0} i SQLite, {after:N0} i PostgreSQL");
            }
        }
        if (differences.Count > 0)
        {
            await output.WriteLineAsync("Antallet af rækker passer ikke:\n  " + string.Join("\n  ", differences));
            return false;
        }
        await output.WriteLineAsync($"Kopieret: {tables.Count} tabeller på {clock.Elapsed.TotalSeconds:0.0} s; antallet af rækker passer i alle tabeller.");
        return true;
    }

    private static ServiceProvider Services(DatabaseSettings database) =>
        new ServiceCollection().AddLogging().AddErhvervsdialogCore(database).BuildServiceProvider();

    /// <summary>The tables, each after every table its foreign keys point to.</summary>
    internal static List<IEntityType> InDependencyOrder(IModel model)
    {
        var entities = model.GetEntityTypes().Where(e => e.GetTableName() is not null && e.FindOwnership() is null).ToList();
        var ordered = new List<IEntityType>();
        var done = new HashSet<IEntityType>();
        var visiting = new HashSet<IEntityType>();
        void Visit(IEntityType entity)
        {
            if (done.Contains(entity))
            {
                return;
            }
            if (!visiting.Add(entity))
            {
                throw new InvalidOperationException($"The foreign keys of {entity.GetTableName()} form a cycle; the copy needs an order.");
            }
            foreach (var principal in entity.GetForeignKeys().Select(k => k.PrincipalEntityType).Where(p => p != entity))
            {
                Visit(principal);
            }
            visiting.Remove(entity);
            done.Add(entity);
            ordered.Add(entity);
        }
        foreach (var entity in entities.OrderBy(e => e.GetTableName(), StringComparer.Ordinal))
        {
            Visit(entity);
        }
        return ordered;
    }

    private static async Task<int> CopyTableAsync<T>(ErhvervsdialogDbContext source, ErhvervsdialogDbContext target, CancellationToken cancellationToken)
        where T : class
    {
        var key = source.Model.FindEntityType(typeof(T))!.FindPrimaryKey()!.Properties;
        IQueryable<T> rows = source.Set<T>().AsNoTracking();
        // In key order, so a row that points to another row of its own table comes after it.
        rows = key.Aggregate((IOrderedQueryable<T>?)null, (sorted, property) => sorted is null
            ? rows.OrderBy(r => EF.Property<object>(r, property.Name))
            : sorted.ThenBy(r => EF.Property<object>(r, property.Name)))!;
        var copied = 0;
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            target.Set<T>().Add(row);
            if (++copied % Batch == 0)
            {
                await target.SaveChangesAsync(cancellationToken);
                target.ChangeTracker.Clear();
            }
        }
        await target.SaveChangesAsync(cancellationToken);
        target.ChangeTracker.Clear();
        return copied;
    }

    private static Task<int> CountAsync<T>(ErhvervsdialogDbContext db, CancellationToken cancellationToken) where T : class =>
        db.Set<T>().CountAsync(cancellationToken);
}
