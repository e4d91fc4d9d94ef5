using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Erhvervsdialog.Core.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Erhvervsdialog.Tests.Support;

/// <summary>
/// A local stand-in for GatewayAPI on loopback, following its documented REST API: POST /rest/mtsms with
/// <c>Authorization: Token …</c>, answered <c>{"ids":[…]}</c> (401 for a wrong token). It also makes the webhook calls
/// GatewayAPI makes — delivery reports and incoming SMS — signed with a JWT (HS256) in X-Gwapi-Signature.
/// </summary>
public sealed class TestGatewayApi : IAsyncDisposable
{
    public const string Token = "test-gatewayapi-token";
    public const string WebhookSecret = "en-lang-hemmelighed-til-webhooken-0123456789";
    private readonly WebApplication _app;
    private long _nextId = 1000;

    /// <summary>Each message as GatewayAPI received it.</summary>
    public ConcurrentQueue<JsonElement> Received { get; } = new();

    /// <summary>HTTP status to answer with instead of 200 (e.g. 503 or 401), while set.</summary>
    public int? FailWith { get; set; }

    public string BaseUrl { get; }

    public TestGatewayApi()
    {
        (_app, BaseUrl) = LoopbackApp.Start(app => app.MapPost("/rest/mtsms", async (HttpRequest request) =>
        {
            if (request.Headers.Authorization != $"Token {Token}" || FailWith is 401)
            {
                return Results.Json(new { code = "0x0101", message = "Unauthorized" }, statusCode: 401);
            }
            if (FailWith is { } status)
            {
                return Results.Json(new { code = "0x0001", message = "Failure" }, statusCode: status);
            }
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            Received.Enqueue(body);
            return Results.Json(new { ids = new[] { Interlocked.Increment(ref _nextId) }, usage = new { currency = "DKK", total_cost = 0.25 } });
        }));
    }

    /// <summary>The settings that send SMS through this server and accept its webhook calls.</summary>
    public void Configure(IDictionary<string, string?> settings, string? callbackUrl = null)
    {
        settings["Erhvervsdialog:Messaging:Sms:GatewayApi:BaseUrl"] = BaseUrl;
        settings["Erhvervsdialog:Messaging:Sms:GatewayApi:Token"] = Token;
        settings["Erhvervsdialog:Messaging:Sms:GatewayApi:WebhookSecret"] = WebhookSecret;
        settings["Erhvervsdialog:Messaging:Sms:GatewayApi:CallbackUrl"] = callbackUrl;
        settings["Erhvervsdialog:Messaging:Sms:Sender"] = "4512040000";
    }

    /// <summary>A delivery report as GatewayAPI signs it: the whole event in the JWT.</summary>
    public static string DeliveryReport(JsonElement sent, long providerId, string status, string secret = WebhookSecret) => Sign(new Dictionary<string, object?>
    {
        ["id"] = providerId,
        ["msisdn"] = sent.GetProperty("recipients")[0].GetProperty("msisdn").GetInt64(),
        ["time"] = 1764670000,
        ["status"] = status,
        ["error"] = status == "DELIVERED" ? null : "Number not in use",
        ["code"] = status == "DELIVERED" ? null : "0x0201",
        ["userref"] = sent.GetProperty("userref").GetString(),
        ["country_code"] = "DK",
        ["country_prefix"] = 45,
    }, secret);

    /// <summary>An incoming SMS (MO) as GatewayAPI signs it.</summary>
    public static string Incoming(long id, long msisdn, string text, string secret = WebhookSecret) => Sign(new Dictionary<string, object?>
    {
        ["id"] = id,
        ["msisdn"] = msisdn,
        ["receiver"] = 4512040000,
        ["message"] = text,
        ["senttime"] = 1764670000,
        ["webhook_label"] = "erhvervsdialog",
        ["country_code"] = "DK",
        ["country_prefix"] = 45,
    }, secret);

    public static string Sign(IDictionary<string, object?> payload, string secret) => new JsonWebTokenHandler().CreateToken(
        JsonSerializer.Serialize(payload),
        new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256));

    /// <summary>Calls a webhook the way GatewayAPI does: the JWT in the header, the event as JSON in the body.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string jwt)
    {
        var payload = JsonSerializer.Deserialize<JsonElement>(Base64UrlEncoder.Decode(jwt.Split('.')[1]));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(payload) };
        request.Headers.Add(SmsWebhook.SignatureHeader, jwt);
        return await client.SendAsync(request);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
