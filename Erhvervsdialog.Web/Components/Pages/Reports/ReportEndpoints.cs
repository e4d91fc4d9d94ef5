using Erhvervsdialog.Core.Reports;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Web.Components.Account;

namespace Erhvervsdialog.Web.Components.Pages.Reports;

/// <summary>
/// The PDFs as downloads: a company's dossier, a meeting's briefing and minutes (every signed-in user), and the stored
/// service reports (Administrator, Direktør, Leder). The use cases check the roles again.
/// </summary>
public static class ReportEndpoints
{
    public static void MapReportEndpoints(this WebApplication app)
    {
        app.MapGet("/virksomheder/{id:int}/profil.pdf", (int id, CompanyReports reports, HttpContext http, CancellationToken ct) =>
            PdfAsync(reports.DossierAsync(id, CurrentUser.ToActor(http.User), ct)))
            .RequireAuthorization(Policies.SignedIn);
        app.MapGet("/dialogmoeder/{id:int}/forberedelse.pdf", (int id, CompanyReports reports, HttpContext http, CancellationToken ct) =>
            PdfAsync(reports.BriefingAsync(id, CurrentUser.ToActor(http.User), ct)))
            .RequireAuthorization(Policies.SignedIn);
        app.MapGet("/dialogmoeder/{id:int}/referat.pdf", (int id, CompanyReports reports, HttpContext http, CancellationToken ct) =>
            PdfAsync(reports.MinutesAsync(id, CurrentUser.ToActor(http.User), ct)))
            .RequireAuthorization(Policies.SignedIn);
        app.MapGet("/rapporter/{id:int}.pdf", (int id, ManageReports reports, HttpContext http, CancellationToken ct) =>
                PdfAsync(reports.FileAsync(id, CurrentUser.ToActor(http.User), ct)))
            .RequireAuthorization(Policies.ManagementInsight);
    }

    private static async Task<IResult> PdfAsync(Task<ReportFile?> making) =>
        await making is { } file ? Results.File(file.Content, ReportFile.ContentType, file.FileName) : Results.NotFound();
}
