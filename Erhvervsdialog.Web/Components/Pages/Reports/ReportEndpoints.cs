using Erhvervsdialog.Core.Privacy;
using Erhvervsdialog.Core.Reports;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Web.Components.Account;

namespace Erhvervsdialog.Web.Components.Pages.Reports;

/// <summary>
/// The PDFs as downloads: a company's dossier, a meeting's briefing and minutes (every signed-in user), and the stored
/// service reports (Administrator, Direktør, Leder), and a person's subject-access export (Administrator). The use cases check
/// the roles again.
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
        // Subject access (Administration → Indsigt): everything about one person.
        app.MapGet("/administration/indsigt/{id:int}.pdf", (int id, SubjectAccess access, HttpContext http, CancellationToken ct) =>
                PdfAsync(access.PdfAsync(id, CurrentUser.ToActor(http.User), ct)))
            .RequireAuthorization(Policies.Administer);
        app.MapGet("/administration/indsigt/{id:int}.json", (int id, SubjectAccess access, HttpContext http, CancellationToken ct) =>
                PdfAsync(access.JsonAsync(id, CurrentUser.ToActor(http.User), ct), "application/json"))
            .RequireAuthorization(Policies.Administer);
    }

    private static async Task<IResult> PdfAsync(Task<ReportFile?> making, string contentType = ReportFile.ContentType) =>
        await making is { } file ? Results.File(file.Content, contentType, file.FileName) : Results.NotFound();
}
