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
    public ErhvervsdialogDbContext CreateDbContext(string[] args) => Create("Data Source=design-time.db");

    internal static ErhvervsdialogDbContext Create(string connectionString)
    {
        var services = new ServiceCollection()
            .Configure<IdentityOptions>(CoreServiceCollectionExtensions.ConfigureIdentity)
            .BuildServiceProvider();
        var options = new DbContextOptionsBuilder<ErhvervsdialogDbContext>();
        CoreServiceCollectionExtensions.ConfigureDatabase(options, connectionString);
        options.UseApplicationServiceProvider(services);
        return new ErhvervsdialogDbContext(options.Options);
    }
}
