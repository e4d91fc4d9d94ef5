using Microsoft.Extensions.Configuration;

namespace Erhvervsdialog.Core.Data;

/// <summary>
/// Where the data lives: SQLite, a file in the data folder and no server (the default), or PostgreSQL for several app
/// nodes and larger installations (<c>Erhvervsdialog:Database:Provider</c>, connection string
/// <c>ConnectionStrings:Erhvervsdialog</c>).
/// </summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>The provider and its connection string, as configured.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string ProviderKey = "Erhvervsdialog:Database:Provider";

    public bool IsSqlite => Provider == DatabaseProvider.Sqlite;

    /// <summary>Reads the configuration; SQLite in <paramref name="dataFolder"/> unless told otherwise.</summary>
    public static DatabaseSettings From(IConfiguration configuration, string dataFolder)
    {
        var configured = configuration[ProviderKey];
        if (!Enum.TryParse<DatabaseProvider>(configured ?? nameof(DatabaseProvider.Sqlite), ignoreCase: true, out var provider)
            || !Enum.IsDefined(provider))
        {
            throw new SettingsException($"{ProviderKey} er \"{configured}\", men skal være Sqlite eller PostgreSql.");
        }
        var connectionString = configuration.GetConnectionString("Erhvervsdialog");
        if (provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new SettingsException(
                $"{ProviderKey} er PostgreSql, men der er ingen forbindelsesstreng: sæt ConnectionStrings:Erhvervsdialog " +
                "(fx \"Host=db;Database=erhvervsdialog;Username=erhvervsdialog;Password=…\").");
        }
        return new DatabaseSettings(provider, connectionString ?? $"Data Source={Path.Combine(dataFolder, "erhvervsdialog.db")}");
    }
}

/// <summary>A setting the app cannot start with; the message says in Danish what to set. Program prints it and exits 1.</summary>
public sealed class SettingsException(string message) : Exception(message);
