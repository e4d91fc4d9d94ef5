using System.Globalization;
using System.Text;
using Erhvervsdialog.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Erhvervsdialog.Core.Messaging;

public enum WebhookResult
{
    /// <summary>Recorded (or already recorded: the gateway may deliver a call twice). HTTP 200.</summary>
    Accepted,
    /// <summary>No valid signature, or no secret configured: nothing is read. HTTP 401.</summary>
    Refused,
    /// <summary>Signed, but neither a delivery report nor an incoming SMS we can use. HTTP 200, so the gateway stops.</summary>
    Ignored,
}

/// <summary>
/// GatewayAPI's one webhook: delivery reports and incoming SMS. GatewayAPI signs each call with a JWT (HS256, the
/// webhook's authentication token as key) in the X-Gwapi-Signature header, and the JWT carries the whole event. Only the
/// verified JWT is read; the request body is not trusted. A delivery report updates its message
/// (<see cref="Message.Delivery"/>); an incoming SMS is stored once and handed to the features (<see cref="IMessageHook.OnReplyAsync"/>).
/// </summary>
public sealed class SmsWebhook(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, IEnumerable<IMessageHook> hooks,
    MessageScheduler scheduler, IOptions<MessagingOptions> options, TimeProvider clock, ILogger<SmsWebhook> logger)
{
    public const string SignatureHeader = "X-Gwapi-Signature";

    /// <summary>HS256 needs a key of at least 256 bits; the token is text chosen in GatewayAPI's dashboard.</summary>
    public const int MinSecretLength = 32;

    public async Task<WebhookResult> HandleAsync(string? signature, CancellationToken cancellationToken = default)
    {
        var token = await VerifyAsync(signature);
        if (token is null)
        {
            return WebhookResult.Refused;
        }
        if (token.TryGetPayloadValue<string>("status", out var status) && !string.IsNullOrEmpty(status))
        {
            return await DeliveryReportAsync(token, status, cancellationToken);
        }
        if (token.TryGetPayloadValue<string>("message", out var text) && text is not null)
        {
            return await IncomingAsync(token, text, cancellationToken);
        }
        return WebhookResult.Ignored;
    }

    private async Task<JsonWebToken?> VerifyAsync(string? signature)
    {
        var secret = options.Value.Sms.GatewayApi.WebhookSecret;
        if (string.IsNullOrEmpty(secret) || secret.Length < MinSecretLength)
        {
            logger.LogWarning("An SMS webhook call was refused: Erhvervsdialog:Messaging:Sms:GatewayApi:WebhookSecret is not set (at least {Length} characters)",
                MinSecretLength);
            return null;
        }
        if (string.IsNullOrEmpty(signature))
        {
            logger.LogWarning("An SMS webhook call without the {Header} header was refused", SignatureHeader);
            return null;
        }
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(signature, new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = false,
            ValidateAudience = false,
            // GatewayAPI's tokens carry no expiry; a replayed event is harmless, as every event is recorded once.
            ValidateLifetime = false,
            RequireExpirationTime = false,
            RequireSignedTokens = true,
        });
        if (!result.IsValid)
        {
            logger.LogWarning("An SMS webhook call with an invalid signature was refused: {Reason}", result.Exception?.Message);
            return null;
        }
        return (JsonWebToken)result.SecurityToken;
    }

    private async Task<WebhookResult> DeliveryReportAsync(JsonWebToken token, string status, CancellationToken cancellationToken)
    {
        var delivery = status.ToUpperInvariant() switch
        {
            "DELIVERED" => MessageDelivery.Delivered,
            "EXPIRED" => MessageDelivery.Expired,
            "UNDELIVERABLE" or "REJECTED" or "DELETED" or "SKIPPED" => MessageDelivery.Failed,
            _ => (MessageDelivery?)null, // BUFFERED, ENROUTE, ACCEPTED …: on its way.
        };
        if (delivery is null)
        {
            return WebhookResult.Accepted;
        }
        var providerId = Number(token, "id");
        token.TryGetPayloadValue<string>("userref", out var userref);
        token.TryGetPayloadValue<string>("error", out var error);
        token.TryGetPayloadValue<string>("code", out var code);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // userref is our message id, sent with the message; the provider id is the fallback.
        var message = int.TryParse(userref, NumberStyles.None, CultureInfo.InvariantCulture, out var messageId)
            ? await db.Messages.FirstOrDefaultAsync(m => m.Id == messageId && m.Channel == MessageChannel.Sms, cancellationToken)
            : providerId is null ? null
            : await db.Messages.FirstOrDefaultAsync(m => m.Transport == GatewayApiTransport.Name && m.ProviderMessageId == providerId, cancellationToken);
        if (message is null)
        {
            logger.LogWarning("A delivery report for an unknown SMS (id {ProviderId}, userref {UserRef}) was ignored", providerId, userref);
            return WebhookResult.Ignored;
        }
        if (message.Delivery is not null)
        {
            return WebhookResult.Accepted; // The first final report counts; a repeat changes nothing.
        }
        message.Delivery = delivery;
        message.DeliveryReportedAt = clock.GetUtcNow().UtcDateTime;
        message.DeliveryError = delivery == MessageDelivery.Delivered ? null
            : Trim($"{status}{(string.IsNullOrEmpty(error) ? "" : $": {error}")}{(string.IsNullOrEmpty(code) ? "" : $" ({code})")}", 500);
        var next = delivery != MessageDelivery.Delivered && hooks.For(message.Kind) is { } hook
            ? await hook.OnDeliveryFailedAsync(db, message, cancellationToken)
            : [];
        await db.SaveChangesAsync(cancellationToken);
        next.ToList().ForEach(scheduler.Schedule);
        return WebhookResult.Accepted;
    }

    private async Task<WebhookResult> IncomingAsync(JsonWebToken token, string text, CancellationToken cancellationToken)
    {
        var providerId = Number(token, "id");
        var msisdn = Number(token, "msisdn");
        if (providerId is null || msisdn is null)
        {
            return WebhookResult.Ignored;
        }
        var reply = new IncomingSms
        {
            Transport = GatewayApiTransport.Name,
            ProviderId = providerId,
            From = $"+{msisdn}",
            Text = Trim(WithoutKeyword(text.Trim(), options.Value.Sms.GatewayApi.Keyword), 2000),
            ReceivedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.IncomingSms.AnyAsync(m => m.Transport == reply.Transport && m.ProviderId == reply.ProviderId, cancellationToken))
        {
            return WebhookResult.Accepted; // Delivered again by the gateway: recorded once.
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.IncomingSms.Add(reply);
        List<Message> next = [];
        foreach (var hook in hooks)
        {
            next.AddRange(await hook.OnReplyAsync(db, reply, cancellationToken));
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return WebhookResult.Accepted; // The same call twice at once: the other one recorded it.
        }
        next.ForEach(scheduler.Schedule);
        return WebhookResult.Accepted;
    }

    /// <summary>On a shared short code every SMS starts with the leased keyword ("HELSINGOR 4").</summary>
    public static string WithoutKeyword(string text, string? keyword) =>
        !string.IsNullOrWhiteSpace(keyword) && text.StartsWith(keyword, StringComparison.OrdinalIgnoreCase)
            && (text.Length == keyword.Length || char.IsWhiteSpace(text[keyword.Length]))
            ? text[keyword.Length..].Trim()
            : text;

    /// <summary>GatewayAPI sends ids and numbers as JSON numbers; read either form.</summary>
    private static string? Number(JsonWebToken token, string claim) =>
        token.TryGetPayloadValue<long>(claim, out var number) ? number.ToString(CultureInfo.InvariantCulture)
        : token.TryGetPayloadValue<string>(claim, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? text
        : null;

    private static string Trim(string text, int max) => text.Length <= max ? text : text[..max];
}
