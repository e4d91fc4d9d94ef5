using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;

namespace Erhvervsdialog.Core.Data;

/// <summary>
/// For `dotnet ef migrations add`. Identity reads its schema version from DI; without the app's options it would fall
/// back to version 1 and drop the passkeys table, so the context gets a provider that sets version 3.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ErhvervsdialogDbContext>
{
    public ErhvervsdialogDbContext CreateDbContext(string[] args) =>
        Create(new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=design-time.db"));

    internal static ErhvervsdialogDbContext Create(DatabaseSettings database)
    {
        var services = new ServiceCollection()
            .Configure<IdentityOptions>(CoreServiceCollectionExtensions.ConfigureIdentity)
            .BuildServiceProvider();
        var options = new DbContextOptionsBuilder<ErhvervsdialogDbContext>();
        CoreServiceCollectionExtensions.ConfigureDatabase(options, database);
        options.UseApplicationServiceProvider(services);
        return new ProviderDbContextFactory(options.Options, database).CreateDbContext();
    }
}

/// <summary>`dotnet ef migrations add Name --context PostgreSqlDbContext --output-dir Data/PostgreSqlMigrations`: no server needed.</summary>
internal sealed class PostgreSqlDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlDbContext>
{
    public PostgreSqlDbContext CreateDbContext(string[] args) => (PostgreSqlDbContext)DesignTimeDbContextFactory.Create(
        new DatabaseSettings(DatabaseProvider.PostgreSql, "Host=localhost;Database=erhvervsdialog_design_time"));
}
