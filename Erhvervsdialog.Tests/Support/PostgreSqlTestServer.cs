using Erhvervsdialog.Core;
using Erhvervsdialog.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Erhvervsdialog.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests use: the throwaway cluster test.sh starts (scripts/throwaway-postgres.sh), named by
/// ERHVERVSDIALOG_TEST_POSTGRES. Core's database tests run on it when ERHVERVSDIALOG_TEST_PROVIDER=PostgreSql; each test
/// database is a copy of one template database migrated once per run, so a test starts in milliseconds.
/// </summary>
public static class PostgreSqlTestServer
{
    public const string ServerVariable = "ERHVERVSDIALOG_TEST_POSTGRES";
    public const string ProviderVariable = "ERHVERVSDIALOG_TEST_PROVIDER";
    private const string Template = "erhvervsdialog_template";

    private static readonly SemaphoreSlim Creating = new(1, 1);
    private static Task? s_template;

    /// <summary>The provider Core's database tests run on in this test run.</summary>
    public static DatabaseProvider Provider { get; } =
        Enum.TryParse<DatabaseProvider>(Environment.GetEnvironmentVariable(ProviderVariable), out var provider) ? provider : DatabaseProvider.Sqlite;

    /// <summary>The server's administrative connection string; a test that needs the server fails without it.</summary>
    public static string Server => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server
        ? server
        : throw new InvalidOperationException($"{ServerVariable} is not set: run ./test.sh, which starts a throwaway PostgreSQL " +
                                              "cluster, or start one with scripts/throwaway-postgres.sh start.");

    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(Server) { Database = database, Timeout = 15, CommandTimeout = 60 }.ToString();

    /// <summary>Creates a new, migrated database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = $"test_{Guid.NewGuid():N}";
        await Creating.WaitAsync(TimeSpan.FromMinutes(2));
        try
        {
            s_template ??= CreateTemplateAsync();
            await s_template.WaitAsync(TimeSpan.FromMinutes(2));
            await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE {Template}");
        }
        finally
        {
            Creating.Release();
        }
        return ConnectionString(name);
    }

    /// <summary>An empty database, with no tables (for the copy from SQLite).</summary>
    public static async Task<string> CreateEmptyDatabaseAsync()
    {
        var name = $"test_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return ConnectionString(name);
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private static async Task CreateTemplateAsync()
    {
        await ExecuteAsync($"DROP DATABASE IF EXISTS {Template} WITH (FORCE)");
        await ExecuteAsync($"CREATE DATABASE {Template}");
        await using (var services = new ServiceCollection().AddLogging()
                         .AddErhvervsdialogCore(new DatabaseSettings(DatabaseProvider.PostgreSql, ConnectionString(Template)))
                         .BuildServiceProvider())
        {
            await services.GetRequiredService<DatabaseSetup>().MigrateAsync();
        }
        NpgsqlConnection.ClearAllPools();
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
