using Erhvervsdialog.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddErhvervsdialogWeb();

var app = builder.Build();
app.UseErhvervsdialogWeb();
app.Run();

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
