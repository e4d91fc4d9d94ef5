using System.Globalization;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Web.Components.Account;
using Erhvervsdialog.Web.Components.Shared;
using Microsoft.AspNetCore.WebUtilities;

namespace Erhvervsdialog.Web.Components.Pages.Contacts;

/// <summary>
/// GET /henvendelser/eksport?format=csv|xlsx&amp;…: the contacts list's current filter, in full, as a file.
/// The page and the endpoint share <see cref="ToQueryString"/> and <see cref="FromQuery"/>, so the file always
/// matches what the user sees.
/// </summary>
public static class ContactExport
{
    public static string ToQueryString(ContactQuery q, string format)
    {
        var values = new Dictionary<string, string?>
        {
            ["format"] = format,
            ["enhed"] = q.UnitId?.ToString(CultureInfo.InvariantCulture),
            ["fra"] = q.From is { } from ? DanishTime.ToLocal(from).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            ["til"] = q.To is { } to ? DanishTime.ToLocal(to).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            ["status"] = q.Status?.ToString(),
            ["kanal"] = q.Channel?.ToString(),
            ["sagsbehandler"] = q.CaseWorkerId,
            ["emne"] = q.Topic,
            ["sortering"] = q.SortBy.ToString(),
            ["faldende"] = q.Descending ? "1" : "0",
        };
        return QueryHelpers.AddQueryString("henvendelser/eksport", values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }

    public static ContactQuery FromQuery(IQueryCollection query)
    {
        static DateTime? Date(string? value) =>
            DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? DanishTime.ToUtc(d) : null;

        return new ContactQuery
        {
            UnitId = int.TryParse(query["enhed"], out var unit) ? unit : null,
            From = Date(query["fra"]),
            To = Date(query["til"]),
            Status = Enum.TryParse<ContactStatus>(query["status"], out var status) ? status : null,
            Channel = Enum.TryParse<ContactChannel>(query["kanal"], out var channel) ? channel : null,
            CaseWorkerId = query["sagsbehandler"].FirstOrDefault(),
            Topic = query["emne"].FirstOrDefault(),
            SortBy = Enum.TryParse<ContactSort>(query["sortering"], out var sort) ? sort : ContactSort.OccurredAt,
            Descending = query["faldende"] != "0",
        };
    }

    public static void MapContactExport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/henvendelser/eksport", async (HttpContext context, SearchContacts search, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var format = context.Request.Query["format"].ToString();
            var rows = await search.ExportAsync(FromQuery(context.Request.Query), CurrentUser.ToActor(context.User), cancellationToken);
            var fileName = $"henvendelser-{DanishTime.ToLocal(clock.GetUtcNow().UtcDateTime):yyyy-MM-dd}";
            return await TabularDownload.FileAsync(format, fileName, Headers, rows.Select(Row).ToList(), cancellationToken);
        }).RequireAuthorization(Policies.SignedIn).ExcludeFromDescription();

    private static readonly string[] Headers =
        ["Tidspunkt", "Virksomhed", "CVR", "Enhed", "Kanal", "Emne", "Sagsbehandler", "Kontaktperson", "Journalnummer", "Status", "Afsluttet", "Resumé"];

    private static string?[] Row(ContactRow c) =>
    [
        DanishTime.DateTimeText(c.OccurredAt), c.CompanyName, c.Cvr, c.UnitName, Labels.For(c.Channel), c.Topic, c.CaseWorkerName,
        c.ContactPersonName, c.CaseReference, Labels.For(c.Status), DanishTime.Date(c.ClosedAt), c.Summary,
    ];
}
