using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost("/messages", async (HttpRequest request) =>
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
        });
        _app.StartAsync().GetAwaiter().GetResult();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
