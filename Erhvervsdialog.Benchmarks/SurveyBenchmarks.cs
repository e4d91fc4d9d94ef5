using System.Buffers;
using System.Diagnostics;
using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Erhvervsdialog.Benchmarks;

/// <summary>
/// Issue "After-contact surveys": invitations dispatched per second to a local SMTP server, the answer page's
/// requests per second, and the time from closing a contact to the message leaving (delay set to zero).
/// All against the real app (Kestrel on loopback, Hangfire on SQLite) and a real SMTP server on loopback.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, warmupCount: 1, iterationCount: 10, invocationCount: 1)]
public class SurveyBenchmarks
{
    private readonly SmtpSink _smtp = new();
    private BenchmarkApp _app = default!;
    private HttpClient _http = default!;
    private Actor _worker = default!;
    private int _unitId;
    private int _cvr = 90000000;
    private string _surveyPath = "";

    [GlobalSetup]
    public void Setup()
    {
        _smtp.Start();
        _app = new BenchmarkApp(new Dictionary<string, string>
        {
            ["Erhvervsdialog:Surveys:SendDelay"] = "00:00:00",
            ["Erhvervsdialog:Surveys:PageRequestsPerMinute"] = "1000000",
            ["Erhvervsdialog:Messaging:Smtp:Host"] = "127.0.0.1",
            ["Erhvervsdialog:Messaging:Smtp:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Erhvervsdialog:Messaging:Smtp:Security"] = "None",
        }).Start();
        _http = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        var services = _app.Services;
        var admin = new Actor("bench", "bench", new HashSet<string> { Roles.Administrator });
        _unitId = services.GetRequiredService<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Byggeri", ShortName = "BYG" }, admin).GetAwaiter().GetResult().Id;
        _worker = admin with { Roles = new HashSet<string> { Roles.CaseWorker } };
        // One answered-page target for the page benchmark.
        var contactId = CloseNewContact();
        WaitForMails(1);
        using var db = services.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>().CreateDbContext();
        var invitation = db.SurveyInvitations.Single(i => i.ContactId == contactId);
        _surveyPath = new Uri(services.GetRequiredService<SurveyPlanner>().Link(invitation)).AbsolutePath;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _http.Dispose();
        _app.Dispose();
        _smtp.Dispose();
    }

    private int CloseNewContact()
    {
        var services = _app.Services;
        string cvr;
        do
        {
            cvr = (++_cvr).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        while (!CvrNumber.IsValid(cvr));
        var companyId = services.GetRequiredService<SaveCompany>().HandleAsync(new SaveCompanyCommand
        {
            Cvr = cvr, Name = $"Virksomhed {cvr}", Email = $"v{cvr}@example.dk",
        }, _worker with { Roles = new HashSet<string> { Roles.Administrator } }).GetAwaiter().GetResult().Id;
        return services.GetRequiredService<SaveContact>().HandleAsync(new SaveContactCommand
        {
            CompanyId = companyId, UnitId = _unitId, OccurredAt = DateTime.UtcNow.AddMinutes(-5), Channel = ContactChannel.Phone,
            Status = ContactStatus.Closed,
        }, _worker).GetAwaiter().GetResult().Id;
    }

    private void WaitForMails(int count)
    {
        var watch = Stopwatch.StartNew();
        while (_smtp.Count < count)
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                using var db = _app.Services.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>().CreateDbContext();
                var states = string.Join("; ", db.Messages.Select(m => $"{m.Id}:{m.Kind}:{m.Status}:{m.Attempts}:{m.LastError}").ToList());
                var notes = string.Join("; ", db.Contacts.Select(c => c.SurveyNote).ToList());
                throw new TimeoutException($"Only {_smtp.Count} of {count} mails arrived. Messages: {states}. Contacts: {notes}");
            }
            Thread.Sleep(5);
        }
    }

    [Benchmark(Description = "close a contact → its survey e-mail arrives at the SMTP server (delay 0)")]
    public void CloseToSent()
    {
        var before = _smtp.Count;
        CloseNewContact();
        WaitForMails(before + 1);
    }

    [Benchmark(Description = "100 survey e-mails dispatched by the jobs to SMTP", OperationsPerInvoke = 100)]
    public async Task Dispatch100()
    {
        var services = _app.Services;
        var factory = services.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>();
        var now = DateTime.UtcNow;
        var ids = new List<int>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var messages = Enumerable.Range(0, 100).Select(i => new Message
            {
                Kind = MessageKind.FollowUpCreated, Channel = MessageChannel.Email, Recipient = $"leder{i}@example.dk",
                Subject = "Benchmark", Body = "Tekst", Status = MessageStatus.Scheduled, CreatedAt = now, DueAt = now.AddDays(1),
            }).ToList();
            db.Messages.AddRange(messages);
            await db.SaveChangesAsync();
            ids.AddRange(messages.Select(m => m.Id));
            await db.Messages.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(s => s.SetProperty(m => m.DueAt, now));
        }
        var before = _smtp.Count;
        var scheduler = services.GetRequiredService<MessageScheduler>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            foreach (var message in await db.Messages.Where(m => ids.Contains(m.Id)).ToListAsync())
            {
                scheduler.Schedule(message);
            }
        }
        WaitForMails(before + 100);
    }

    [Benchmark(Description = "GET the public answer page, 200 requests, 4 at a time", OperationsPerInvoke = 200)]
    public async Task AnswerPage200()
    {
        for (var batch = 0; batch < 50; batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
            {
                using var response = await _http.GetAsync(_surveyPath);
                response.EnsureSuccessStatusCode();
            }));
        }
    }

    /// <summary>An SMTP server on loopback that counts what it receives.</summary>
    private sealed class SmtpSink : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly CountingStore _store = new();

        public int Port { get; } = Erhvervsdialog.Tests.Support.AppProcess.FreePort();
        public int Count => _store.Count;

        public void Start()
        {
            var options = new SmtpServerOptionsBuilder().ServerName("localhost")
                .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
            var services = new SmtpServer.ComponentModel.ServiceProvider();
            // The store must not be disposable: SmtpServer disposes its services after each session.
            services.Add(_store);
            _ = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
        }

        public void Dispose() => _stop.Cancel();

        private sealed class CountingStore : MessageStore
        {
            private int _count;

            public int Count => Volatile.Read(ref _count);

            public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
                ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref _count);
                return Task.FromResult(SmtpResponse.Ok);
            }
        }
    }
}
