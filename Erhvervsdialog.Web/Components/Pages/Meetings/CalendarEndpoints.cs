using Erhvervsdialog.Core.Meetings;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Web.Components.Account;

namespace Erhvervsdialog.Web.Components.Pages.Meetings;

/// <summary>
/// GET /kalender/{secret}.ics: a user's private meeting feed for Outlook or Google Calendar (no sign-in; the secret
/// is the key, rate-limited like the survey page). GET /udbakke/{id}/bilag: a sent message's attachment, for Administrators.
/// </summary>
public static class CalendarEndpoints
{
    public static void MapCalendarEndpoints(this WebApplication app)
    {
        app.MapGet($"/{CalendarFeed.PathPrefix}/{{file}}", async (string file, CalendarFeed feed, HttpContext http, CancellationToken cancellationToken) =>
            {
                var token = file.EndsWith(".ics", StringComparison.OrdinalIgnoreCase) ? file[..^4] : file;
                var ics = await feed.RenderAsync(token, cancellationToken);
                if (ics is null)
                {
                    return Results.NotFound();
                }
                http.Response.Headers.CacheControl = "no-store";
                return Results.Text(ics, "text/calendar; charset=utf-8");
            })
            .AllowAnonymous()
            .RequireRateLimiting(WebSetup.SurveyPageRateLimit);

        app.MapGet("/udbakke/{id:int}/bilag", async (int id, Outbox outbox, HttpContext http, CancellationToken cancellationToken) =>
            {
                var attachment = await outbox.AttachmentAsync(id, CurrentUser.ToActor(http.User), cancellationToken);
                return attachment is { } a ? Results.File(a.Content, a.Type.Split(';')[0], a.Name) : Results.NotFound();
            })
            .RequireAuthorization(Policies.Administer);
    }
}
