using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Erhvervsdialog.Tests.Support;

/// <summary>A local HTTP server standing in for the SMS gateway: it checks the token and records each message.</summary>
public sealed class TestSmsGateway : IAsyncDisposable
{
    public const string Token = "test-token";
    private readonly WebApplication _app;

    public ConcurrentQueue<JsonElement> Received { get; } = new();

    /// <summary>HTTP status to answer with instead of 200 (e.g. 503), while set.</summary>
    public int? FailWith { get; set; }

    public string BaseUrl { get; }

    public TestSmsGateway()
    {
        (_app, BaseUrl) = LoopbackApp.Start(app => app.MapPost("/messages", async (HttpRequest request) =>
        {
            if (request.Headers.Authorization != $"Bearer {Token}")
            {
                return Results.Unauthorized();
            }
            if (FailWith is { } status)
            {
                return Results.StatusCode(status);
            }
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body);
            Received.Enqueue(body);
            return Results.Json(new { id = $"gw-{Received.Count}" });
        }));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
