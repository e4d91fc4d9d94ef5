namespace Erhvervsdialog.Core.Messaging;

/// <summary>Settings under Erhvervsdialog:Messaging. With no SMTP host or SMS gateway, messages go to the built-in outbox.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Erhvervsdialog:Messaging";

    public SmtpOptions Smtp { get; set; } = new();
    public SmsGatewayOptions Sms { get; set; } = new();
    public int MaxAttempts { get; set; } = 8;
    /// <summary>A message the gateway refused for our credentials (HTTP 401/403) waits this long before the next try.</summary>
    public TimeSpan ConfigurationRetry { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>A message still "sending" after this long is marked for manual review, never resent by itself.</summary>
    public TimeSpan ReviewAfter { get; set; } = TimeSpan.FromMinutes(10);
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary>None, StartTls or SslOnConnect.</summary>
    public string Security { get; set; } = "StartTls";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "erhvervsdialog@kommune.dk";
    public string FromName { get; set; } = "Erhvervsdialog";
}

public sealed class SmsGatewayOptions
{
    /// <summary>A generic REST gateway's base address; messages are POSTed to {BaseUrl}/messages.</summary>
    public string? BaseUrl { get; set; }
    public string? Token { get; set; }
    /// <summary>Sender name shown on the phone (max 11 characters), or the number replies go to.</summary>
    public string Sender { get; set; } = "Kommunen";
    /// <summary>GatewayAPI; used instead of the generic gateway when its token is set.</summary>
    public GatewayApiOptions GatewayApi { get; set; } = new();
    /// <summary>SMS go out only from this hour to <see cref="ToHour"/>, Danish time: every send, retries included.</summary>
    public int FromHour { get; set; } = 8;
    public int ToHour { get; set; } = 20;

    /// <summary>The first moment at or after <paramref name="utc"/> that an SMS may be sent.</summary>
    public DateTime EarliestSendTime(DateTime utc)
    {
        var local = Common.DanishTime.ToLocal(utc);
        if (local.Hour >= FromHour && local.Hour < ToHour)
        {
            return utc;
        }
        var day = local.Hour >= ToHour ? local.Date.AddDays(1) : local.Date;
        return Common.DanishTime.ToUtc(day.AddHours(FromHour));
    }
}

/// <summary>GatewayAPI (gatewayapi.eu), by its REST API: send, delivery reports and incoming SMS on one webhook.</summary>
public sealed class GatewayApiOptions
{
    /// <summary>The API token from GatewayAPI's dashboard; setting it switches SMS to GatewayAPI.</summary>
    public string? Token { get; set; }
    /// <summary>https://gatewayapi.eu (EU data centre) or https://gatewayapi.com.</summary>
    public string BaseUrl { get; set; } = "https://gatewayapi.eu";
    /// <summary>The webhook's "authentication token" in GatewayAPI's dashboard; the webhook refuses every call without it.</summary>
    public string? WebhookSecret { get; set; }
    /// <summary>Where GatewayAPI sends delivery reports, e.g. https://erhvervsdialog.kommune.dk/api/sms/gatewayapi; when
    /// empty, the webhook set as default in the dashboard is used.</summary>
    public string? CallbackUrl { get; set; }
    /// <summary>The keyword leased on a shared short code (e.g. "HELSINGOR"), removed from the start of an incoming SMS.</summary>
    public string? Keyword { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Token);

    /// <summary>Replies reach us only through the signed webhook: with it, a survey SMS asks to be answered by reply.</summary>
    public bool ReceivesReplies => Enabled && WebhookSecret is { Length: >= SmsWebhook.MinSecretLength };
}
