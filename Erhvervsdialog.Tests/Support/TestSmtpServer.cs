using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Erhvervsdialog.Tests.Support;

/// <summary>A real SMTP server on a loopback port, keeping what it receives; it can refuse mail for a while.</summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Store _store = new();
    private Task? _running;

    public int Port { get; } = FreePort();

    public IReadOnlyList<MimeMessage> Received => [.. _store.Messages];

    /// <summary>When set, DATA is answered with 451 (a temporary failure): nothing is delivered.</summary>
    public bool RefuseTemporarily { get => _store.Refuse; set => _store.Refuse = value; }

    public TestSmtpServer Start()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
        return this;
    }

    public async Task<MimeMessage> WaitForMessageAsync(int count = 1)
    {
        for (var i = 0; i < 200 && _store.Messages.Count < count; i++)
        {
            await Task.Delay(25);
        }
        Assert.True(_store.Messages.Count >= count, $"Expected {count} message(s), got {_store.Messages.Count}.");
        return _store.Messages.Last();
    }

    public static int FreePort() => AppProcess.FreePort();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            try
            {
                await _running;
            }
            catch (OperationCanceledException)
            {
            }
        }
        _stop.Dispose();
    }

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();
        public volatile bool Refuse;

        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (Refuse)
            {
                return Task.FromResult(new SmtpResponse(SmtpReplyCode.MailboxUnavailable - 100, "Prøv igen senere"));
            }
            using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(MimeMessage.Load(stream));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
