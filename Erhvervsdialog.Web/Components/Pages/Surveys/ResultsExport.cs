using System.Globalization;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Web.Components.Account;
using Erhvervsdialog.Web.Components.Shared;
using Microsoft.AspNetCore.WebUtilities;

namespace Erhvervsdialog.Web.Components.Pages.Surveys;

/// <summary>GET /maalinger/eksport: the figures behind Målinger for the current filter, as CSV or Excel (no comments).</summary>
public static class ResultsExport
{
    public static string ToQueryString(ResultsQuery q, string format) => QueryHelpers.AddQueryString("maalinger/eksport",
        new Dictionary<string, string?>
        {
            ["format"] = format,
            ["fra"] = q.From is { } f ? DanishTime.ToLocal(f).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            ["til"] = q.To is { } t ? DanishTime.ToLocal(t).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            ["enhed"] = q.UnitId?.ToString(CultureInfo.InvariantCulture),
            ["emne"] = q.Topic,
            ["kanal"] = q.Channel?.ToString(),
        }.Where(v => !string.IsNullOrEmpty(v.Value)));

    public static void MapResultsExport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/maalinger/eksport", async (HttpContext context, SurveyResults results, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            static DateTime? Date(string? value) =>
                DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? DanishTime.ToUtc(d) : null;
            var q = context.Request.Query;
            var query = new ResultsQuery(Date(q["fra"]), Date(q["til"]), int.TryParse(q["enhed"], out var unit) ? unit : null,
                q["emne"].FirstOrDefault(), Enum.TryParse<ContactChannel>(q["kanal"], out var channel) ? channel : null);
            var view = await results.HandleAsync(query, CurrentUser.ToActor(context.User), cancellationToken);
            var fileName = $"maalinger-{DanishTime.ToLocal(clock.GetUtcNow().UtcDateTime):yyyy-MM-dd}";
            return await TabularDownload.FileAsync(q["format"], fileName, Headers, Rows(view).ToList(), cancellationToken);
        }).RequireAuthorization(Policies.SignedIn).ExcludeFromDescription();

    private static readonly string[] Headers = ["Opdeling", "Gruppe", "Svar", "Gennemsnit (1–5)"];

    private static IEnumerable<string?[]> Rows(SurveyResultsView view)
    {
        yield return [UiText.Total, "", view.Answered.ToString(CultureInfo.InvariantCulture), Average(view.AverageSatisfaction)];
        foreach (var (title, figures) in new[] { (UiText.Unit, view.ByUnit), (UiText.Topic, view.ByTopic), (UiText.Channel, view.ByChannel), (UiText.Month, view.ByMonth) })
        {
            foreach (var figure in figures)
            {
                var label = title == UiText.Channel && Enum.TryParse<ContactChannel>(figure.Label, out var c) ? Labels.For(c) : figure.Label;
                yield return [title, label, figure.Count.ToString(CultureInfo.InvariantCulture), Average(figure.Average)];
            }
        }
    }

    private static string Average(double? value) => value is { } v ? v.ToString("0.00", DanishTime.Culture) : UiText.TooFewAnswers;
}
