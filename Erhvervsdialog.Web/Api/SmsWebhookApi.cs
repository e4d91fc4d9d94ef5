using Erhvervsdialog.Core.Messaging;

namespace Erhvervsdialog.Web.Api;

/// <summary>
/// GatewayAPI's webhook: delivery reports and incoming SMS. Anonymous by necessity (the gateway has no account); every
/// call is verified by its signed JWT in <see cref="SmsWebhook"/>, and a call without a valid one is answered 401
/// and read no further.
/// </summary>
public static class SmsWebhookApi
{
    public const string Route = "/api/sms/gatewayapi";

    public static void MapSmsWebhook(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Route, async (HttpContext http, SmsWebhook webhook, CancellationToken cancellationToken) =>
            await webhook.HandleAsync(http.Request.Headers[SmsWebhook.SignatureHeader].FirstOrDefault(), cancellationToken) switch
            {
                WebhookResult.Refused => Results.Problem(statusCode: 401, title: "Ikke godkendt",
                    detail: $"Kaldet mangler en gyldig signatur i {SmsWebhook.SignatureHeader}."),
                _ => Results.Ok(),
            })
            .AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
}
