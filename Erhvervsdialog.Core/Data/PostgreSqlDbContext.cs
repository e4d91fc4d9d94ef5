using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Data;

/// <summary>
/// The same model on PostgreSQL. A type of its own only so that EF Core keeps its migrations apart from SQLite's
/// (Data/PostgreSqlMigrations); the code everywhere else asks for <see cref="ErhvervsdialogDbContext"/>.
/// </summary>
public sealed class PostgreSqlDbContext(DbContextOptions<ErhvervsdialogDbContext> options) : ErhvervsdialogDbContext(options);

/// <summary>Makes the context for the configured provider.</summary>
internal sealed class ProviderDbContextFactory(DbContextOptions<ErhvervsdialogDbContext> options, DatabaseSettings database)
    : IDbContextFactory<ErhvervsdialogDbContext>
{
    public ErhvervsdialogDbContext CreateDbContext() =>
        database.IsSqlite ? new ErhvervsdialogDbContext(options) : new PostgreSqlDbContext(options);
}
