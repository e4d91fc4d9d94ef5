using Erhvervsdialog.Core;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Demo;
using Erhvervsdialog.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddErhvervsdialogWeb();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseErhvervsdialogWeb();
app.Run();

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
