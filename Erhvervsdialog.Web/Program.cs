using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Web;

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddErhvervsdialogWeb();
}
catch (Exception e) when (e is DataFolderInUseException or SettingsException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

// Moving up: copies the data folder's SQLite database into an empty PostgreSQL database (README, "Kør på PostgreSQL").
// The data folder's lock is held, so the app cannot run on it meanwhile.
if (args is [CopyToPostgreSql.Command, var target, ..])
{
    return await CopyToPostgreSql.RunAsync(DatabaseSettings.From(builder.Configuration, WebSetup.DataFolder(builder)), target, Console.Out) ? 0 : 1;
}

var app = builder.Build();
app.UseErhvervsdialogWeb();
app.Run();
return 0;

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
