using Erhvervsdialog.Web;

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddErhvervsdialogWeb();
}
catch (DataFolderInUseException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

var app = builder.Build();
app.UseErhvervsdialogWeb();
app.Run();
return 0;

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
