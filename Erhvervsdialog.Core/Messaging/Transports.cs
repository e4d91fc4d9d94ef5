using System.Net.Http.Json;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Erhvervsdialog.Core.Messaging;

public enum SendResult
{
    Sent,
    /// <summary>Not delivered, and safe to try again (server down, gateway 5xx).</summary>
    RetryLater,
    /// <summary>Refused for good (invalid recipient).</summary>
    Rejected,
    /// <summary>May or may not have been delivered: never retried automatically.</summary>
    Unknown,
    /// <summary>The gateway refused our credentials (HTTP 401/403): a configuration error. Nothing was sent; the message
    /// waits for the administrators to correct the settings instead of failing for good.</summary>
    NotAuthorized,
}

public sealed record SendOutcome(SendResult Result, string Transport, string? ProviderMessageId = null, string? Error = null);

/// <summary>One way out for a message: SMTP, an SMS gateway, or the built-in outbox.</summary>
public interface IMessageTransport
{
    Task<SendOutcome> SendAsync(Message message, string body, CancellationToken cancellationToken);
}

/// <summary>Picks the transport for a message: the configured SMTP server or SMS gateway, else the outbox.</summary>
public sealed class MessageDispatcher(IOptions<MessagingOptions> options, IHttpClientFactory httpClients)
{
    public IMessageTransport For(MessageChannel channel) => channel switch
    {
        MessageChannel.Email when !string.IsNullOrWhiteSpace(options.Value.Smtp.Host) => new SmtpTransport(options.Value.Smtp),
        MessageChannel.Sms when options.Value.Sms.GatewayApi.Enabled =>
            new GatewayApiTransport(options.Value.Sms, httpClients.CreateClient(SmsGatewayTransport.HttpClientName)),
        MessageChannel.Sms when !string.IsNullOrWhiteSpace(options.Value.Sms.BaseUrl) =>
            new SmsGatewayTransport(options.Value.Sms, httpClients.CreateClient(SmsGatewayTransport.HttpClientName)),
        _ => OutboxTransport.Instance,
    };
}

/// <summary>The embedded default: the message is kept in the Udbakke, exactly as it would have been sent.</summary>
public sealed class OutboxTransport : IMessageTransport
{
    public const string Name = "Udbakke";
    public static readonly OutboxTransport Instance = new();

    public Task<SendOutcome> SendAsync(Message message, string body, CancellationToken cancellationToken) =>
        Task.FromResult(new SendOutcome(SendResult.Sent, Name, $"udbakke-{message.Id}"));
}

public sealed class SmtpTransport(SmtpOptions options) : IMessageTransport
{
    public const string Name = "SMTP";

    public async Task<SendOutcome> SendAsync(Message message, string body, CancellationToken cancellationToken)
    {
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(options.FromName, options.From));
        mime.To.Add(MailboxAddress.Parse(message.Recipient));
        mime.Subject = message.Subject ?? "";
        var parts = new BodyBuilder { TextBody = body };
        if (message.Attachment is not null)
        {
            parts.Attachments.Add(message.AttachmentName ?? "bilag", message.Attachment, ContentType.Parse(message.AttachmentType ?? "application/octet-stream"));
        }
        mime.Body = parts.ToMessageBody();
        // Our own Message-Id: the provider's id we log, and what a person checks when an outcome is unknown.
        mime.MessageId = $"erhvervsdialog-{message.Id}-{message.Attempts}@{options.From.Split('@').Last()}";

        using var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            var security = Enum.TryParse<SecureSocketOptions>(options.Security, true, out var s) ? s : SecureSocketOptions.StartTls;
            await client.ConnectAsync(options.Host!, options.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(options.UserName))
            {
                await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or SmtpProtocolException or AuthenticationException
                                       or SslHandshakeException or SmtpCommandException or TimeoutException)
        {
            return new SendOutcome(SendResult.RetryLater, Name, Error: ex.Message);
        }
        try
        {
            await client.SendAsync(mime, cancellationToken);
        }
        catch (SmtpCommandException ex)
        {
            // The server answered the command: nothing was delivered. 4xx is temporary, 5xx is final.
            return new SendOutcome((int)ex.StatusCode >= 500 ? SendResult.Rejected : SendResult.RetryLater, Name, Error: ex.Message);
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or TimeoutException or OperationCanceledException or ServiceNotConnectedException)
        {
            // The connection broke while the message was being handed over: it may have been accepted.
            return new SendOutcome(SendResult.Unknown, Name, mime.MessageId, ex.Message);
        }
        try
        {
            await client.DisconnectAsync(true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or SocketException)
        {
            // Delivered already; a failed QUIT changes nothing.
        }
        return new SendOutcome(SendResult.Sent, Name, mime.MessageId);
    }
}

/// <summary>
/// A REST/JSON SMS gateway of the kind Danish municipalities use: POST {BaseUrl}/messages with a bearer token and
/// <c>{"sender","message","recipient":"45xxxxxxxx"}</c>; the answer carries the provider's message id.
/// </summary>
public sealed class SmsGatewayTransport(SmsGatewayOptions options, HttpClient http) : IMessageTransport
{
    public const string Name = "SMS-gateway";
    public const string HttpClientName = "sms-gateway";

    public async Task<SendOutcome> SendAsync(Message message, string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{options.BaseUrl!.TrimEnd('/')}/messages")
        {
            Content = JsonContent.Create(new { sender = options.Sender, message = body, recipient = Msisdn(message.Recipient) }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", options.Token);
        return await SmsHttp.SendAsync(http, request, Name, async (response, ct) =>
            (await response.Content.ReadFromJsonAsync<GatewayAnswer>(ct))?.Id, cancellationToken);
    }

    /// <summary>+4512345678 becomes 4512345678, the MSISDN form gateways take.</summary>
    public static string Msisdn(string e164) => e164.TrimStart('+');

    private sealed record GatewayAnswer(string? Id);
}

/// <summary>
/// GatewayAPI's REST API: POST {BaseUrl}/rest/mtsms with <c>Authorization: Token …</c> and
/// <c>{"sender","message","recipients":[{"msisdn":4512345678}],"userref","callback_url"}</c>; the answer is
/// <c>{"ids":[…]}</c>. <c>userref</c> carries our message id, so a delivery report finds its message even if it
/// arrives before the send is recorded. Delivery reports and incoming SMS come to <see cref="SmsWebhook"/>.
/// </summary>
public sealed class GatewayApiTransport(SmsGatewayOptions options, HttpClient http) : IMessageTransport
{
    public const string Name = "GatewayAPI";

    public async Task<SendOutcome> SendAsync(Message message, string body, CancellationToken cancellationToken)
    {
        var gateway = options.GatewayApi;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{gateway.BaseUrl.TrimEnd('/')}/rest/mtsms")
        {
            Content = JsonContent.Create(new GatewayApiMessage(options.Sender, body,
                [new GatewayApiRecipient(long.Parse(SmsGatewayTransport.Msisdn(message.Recipient), System.Globalization.CultureInfo.InvariantCulture))],
                message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                string.IsNullOrWhiteSpace(gateway.CallbackUrl) ? null : gateway.CallbackUrl)),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", gateway.Token);
        return await SmsHttp.SendAsync(http, request, Name, async (response, ct) =>
            (await response.Content.ReadFromJsonAsync<GatewayApiAnswer>(ct))?.Ids?.FirstOrDefault().ToString(System.Globalization.CultureInfo.InvariantCulture),
            cancellationToken);
    }

    private sealed record GatewayApiRecipient(long Msisdn);

    private sealed record GatewayApiMessage(string Sender, string Message, IReadOnlyList<GatewayApiRecipient> Recipients, string Userref,
        [property: System.Text.Json.Serialization.JsonPropertyName("callback_url"),
                   System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        string? CallbackUrl);

    private sealed record GatewayApiAnswer(long[]? Ids);
}

/// <summary>One HTTP exchange with an SMS gateway, its outcome classified the same way for every gateway.</summary>
internal static class SmsHttp
{
    public static async Task<SendOutcome> SendAsync(HttpClient http, HttpRequestMessage request, string transport,
        Func<HttpResponseMessage, CancellationToken, Task<string?>> providerId, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NetworkUnreachable })
        {
            return new SendOutcome(SendResult.RetryLater, transport, Error: ex.Message);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            // The request may have reached the gateway before the answer was lost.
            return new SendOutcome(SendResult.Unknown, transport, Error: ex.Message);
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new SendOutcome(SendResult.Sent, transport, await providerId(response, cancellationToken));
            }
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var error = $"HTTP {status}: {text[..Math.Min(text.Length, 500)]}";
            var result = status switch
            {
                401 or 403 => SendResult.NotAuthorized,
                >= 500 or 429 => SendResult.RetryLater,
                _ => SendResult.Rejected,
            };
            return new SendOutcome(result, transport, Error: error);
        }
    }
}
