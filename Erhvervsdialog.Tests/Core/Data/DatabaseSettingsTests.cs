using Erhvervsdialog.Core.Data;
using Microsoft.Extensions.Configuration;

namespace Erhvervsdialog.Tests.Core.Data;

public class DatabaseSettingsTests
{
    private static DatabaseSettings From(params (string Key, string Value)[] settings) => DatabaseSettings.From(
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build(), "/data");

    [Fact]
    public void Nothing_Configured_IsSqliteInTheDataFolder() =>
        Assert.Equal(new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=/data/erhvervsdialog.db"), From());

    [Fact]
    public void PostgreSql_WithItsConnectionString() =>
        Assert.Equal(new DatabaseSettings(DatabaseProvider.PostgreSql, "Host=db;Database=erhverv"),
            From((DatabaseSettings.ProviderKey, "postgresql"), ("ConnectionStrings:Erhvervsdialog", "Host=db;Database=erhverv")));

    [Theory]
    [InlineData("Mysql", "men skal være Sqlite eller PostgreSql")]
    [InlineData("7", "men skal være Sqlite eller PostgreSql")]
    [InlineData("PostgreSql", "ingen forbindelsesstreng")]
    public void WrongSettings_StopTheStartWithADanishMessage(string provider, string message) =>
        Assert.Contains(message, Assert.Throws<SettingsException>(() => From((DatabaseSettings.ProviderKey, provider))).Message);
}
