using Erhvervsdialog.Core;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Hangfire;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Erhvervsdialog.Tests.Support;

/// <summary>
/// A real database, migrated exactly as the app does at start-up, with the Core services on top: SQLite in a temp file,
/// or, when the run says so (<see cref="PostgreSqlTestServer.Provider"/>), a fresh database on the test PostgreSQL server.
/// One per test class (xunit creates the class per test, so use it as IClassFixture or create it in the test).
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"erhvervsdialog-test-{Guid.NewGuid():N}.db");

    public ServiceProvider Services { get; private set; } = default!;
    /// <summary>
    /// Thursday 26 November 2026, 10:00 Danish time: the date that tests written against fixed dates set on purpose
    /// (<c>Clock.Now = TestDatabase.FixedDate</c>). Every other test runs at the real time.
    /// </summary>
    public static readonly DateTimeOffset FixedDate = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Starts at the real current time, so the suite passes on any day; a test that needs a date sets it.</summary>
    public MutableTimeProvider Clock { get; } = new(WholeMicroseconds(TimeProvider.System.GetUtcNow()));

    /// <summary>PostgreSQL keeps time to the microsecond (.NET to 100 ns): a test comparing a stored time starts on one.</summary>
    private static DateTimeOffset WholeMicroseconds(DateTimeOffset time) => new(time.Ticks - time.Ticks % 10, time.Offset);

    /// <summary>SQLite's own wait for a busy database (the driver's default is 30 s); a test may shorten it.</summary>
    public int? BusyTimeoutSeconds { get; init; }

    public DatabaseProvider Provider { get; init; } = PostgreSqlTestServer.Provider;

    private string? _postgreSql;

    public string ConnectionString => Provider == DatabaseProvider.PostgreSql
        ? _postgreSql ?? throw new InvalidOperationException("The database is made in InitializeAsync.")
        : $"Data Source={_path}" + (BusyTimeoutSeconds is { } seconds ? $";Default Timeout={seconds}" : "");

    public RecordingJobClient Jobs { get; } = new();

    /// <summary>Settings for the surveys and messaging; tests may add to it before <see cref="InitializeAsync"/>.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Erhvervsdialog:Surveys:TokenKey"] = Convert.ToBase64String(new byte[32]),
        ["Erhvervsdialog:Municipality"] = "Helsingør Kommune",
        ["Erhvervsdialog:Surveys:PublicBaseUrl"] = "https://erhverv.example",
    };

    private IConfiguration Configuration => new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();

    public async Task InitializeAsync()
    {
        if (Provider == DatabaseProvider.PostgreSql)
        {
            _postgreSql = await PostgreSqlTestServer.CreateDatabaseAsync();
        }
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddErhvervsdialogCore(new DatabaseSettings(Provider, ConnectionString), Configuration);
        services.AddSingleton<TimeProvider>(Clock);
        // Jobs are stored, not run: a test runs a job itself, as a Hangfire worker would.
        services.AddSingleton<IBackgroundJobClient>(Jobs);
        Services = services.BuildServiceProvider();
        await Services.GetRequiredService<DatabaseSetup>().MigrateAsync();
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public ErhvervsdialogDbContext CreateContext() =>
        Services.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>().CreateDbContext();

    /// <summary>Creates a user with the given role (and full name and e-mail, if given) and returns it as an actor.</summary>
    public async Task<Actor> CreateUserAsync(string userName, string role, string? fullName = null, string? email = null)
    {
        var result = await Get<SaveUser>().SeedAsync(new SaveUserCommand
        {
            UserName = userName, FullName = fullName ?? $"Test {userName}", Email = email, Password = "en lang nok adgangskode", Roles = [role],
        });
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        return new Actor(result.Id!, userName, new HashSet<string> { role }) { FullName = fullName };
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_postgreSql is not null)
        {
            await PostgreSqlTestServer.DropDatabaseAsync(_postgreSql);
            return;
        }
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}

public sealed class MutableTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
