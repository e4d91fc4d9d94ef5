using System.Net;
using System.Text.Json;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Erhvervsdialog.Web.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Erhvervsdialog.Tests.Web.Api;

/// <summary>
/// The real app on loopback with GatewayAPI configured to a local server following its documented API: the app's own
/// Hangfire sends the survey SMS there, and the webhook calls GatewayAPI would make come in over HTTP.
/// </summary>
[Collection(BrowserCollection.Name)]
public class SmsWebhookTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Password = "en god lang adgangskode";
    private readonly TestGatewayApi _gateway = new();
    private AppFactory _app = default!;
    private readonly HttpClient _http = new();

    public Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Erhvervsdialog:Surveys:SendDelay"] = "00:00:00",
            // Whatever the hour the suite runs at: quiet hours have their own tests.
            ["Erhvervsdialog:Messaging:Sms:FromHour"] = "0",
            ["Erhvervsdialog:Messaging:Sms:ToHour"] = "24",
        };
        _gateway.Configure(settings, callbackUrl: "https://erhverv.example" + SmsWebhookApi.Route);
        _app = new AppFactory(settings.ToDictionary(s => s.Key, s => s.Value ?? ""));
        _app.Start();
        _http.BaseAddress = new Uri(_app.BaseUrl);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task SentByHangfire_DeliveryReportAndReplyAccepted_ForgedCallsRefusedWith401()
    {
        var admin = new Actor("x", "x", new HashSet<string> { Roles.Administrator });
        var unit = (await _app.Services.GetRequiredService<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Miljø og Natur", ShortName = "MIL" }, admin)).Id;
        var company = (await _app.Services.GetRequiredService<SaveCompany>().HandleAsync(
            new SaveCompanyCommand { Cvr = "24256790", Name = "Øresund Byg ApS" }, admin)).Id;
        var person = (await _app.Services.GetRequiredService<SaveContactPerson>().HandleAsync(
            new SaveContactPersonCommand { CompanyId = company, Name = "Åse Mobil", Mobile = "20 12 34 56" }, admin)).Id;
        await _app.Services.GetRequiredService<SaveContact>().HandleAsync(new SaveContactCommand
        {
            CompanyId = company, UnitId = unit, ContactPersonId = person, OccurredAt = DateTime.UtcNow.AddHours(-1), Status = ContactStatus.Closed,
        }, admin);

        var sent = (JsonElement)await WaitForAsync(() => Task.FromResult(_gateway.Received.TryPeek(out var m) ? (object?)m : null),
            "the survey SMS at the gateway");
        var sms = await WaitForAsync(async () => await QueryAsync(db => db.Messages.FirstOrDefaultAsync(m => m.Status == MessageStatus.Sent)),
            "the SMS recorded as sent");

        // Forged: no signature, a wrong key. Refused, and nothing is read.
        using (var unsigned = await _http.PostAsync(SmsWebhookApi.Route, new StringContent("{\"id\":1,\"msisdn\":4520123456,\"message\":\"1\"}",
                   System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        }
        using (var forged = await TestGatewayApi.PostAsync(_http, SmsWebhookApi.Route,
                   TestGatewayApi.Incoming(1, 4520123456, "1", secret: "gaet-en-hemmelighed-der-er-lang-nok-123")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }
        Assert.Equal(0, await QueryAsync(db => db.IncomingSms.CountAsync()));

        using (var delivered = await TestGatewayApi.PostAsync(_http, SmsWebhookApi.Route,
                   TestGatewayApi.DeliveryReport(sent, long.Parse(sms.ProviderMessageId!, System.Globalization.CultureInfo.InvariantCulture), "DELIVERED")))
        {
            Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        }
        using (var reply = await TestGatewayApi.PostAsync(_http, SmsWebhookApi.Route, TestGatewayApi.Incoming(77, 4520123456, "4")))
        {
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        }

        using (var other = await TestGatewayApi.PostAsync(_http, SmsWebhookApi.Route, TestGatewayApi.Incoming(78, 4520123456, "Ring til mig om byggesagen, tak")))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        Assert.Equal(MessageDelivery.Delivered, await QueryAsync(db => db.Messages.Where(m => m.Id == sms.Id).Select(m => m.Delivery).SingleAsync()));
        Assert.Equal(4, await QueryAsync(db => db.SurveyResponses.Select(r => r.Satisfaction).SingleAsync()));

        // The administrator sees the delivery report on the message and the replies under Udbakke.
        await _app.CreateUserAsync("admin", Roles.Administrator, Password);
        var page = await browser.NewPageAsync(_app.BaseUrl);
        await page.SignInAsync("admin", Password);
        await page.GotoAsync("administration/udbakke");
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.Locator("[data-testid=outbox-grid] [data-testid=outbox-delivery]").First).ToHaveTextAsync("Leveret");
        var incoming = page.Locator("[data-testid=incoming-grid]");
        await Assertions.Expect(incoming.Locator("tr", new() { HasText = "Ring til mig om byggesagen" })).ToContainTextAsync("Til læsning");
        await Assertions.Expect(incoming.Locator("tr", new() { HasText = "+4520123456" }).Filter(new() { HasText = "Svar registreret" }))
            .ToContainTextAsync("Registreret som svar 4");
        await page.ScreenshotAsync("59-outbox-incoming-sms");
    }

    private async Task<T> QueryAsync<T>(Func<ErhvervsdialogDbContext, Task<T>> query)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<ErhvervsdialogDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what) where T : class
    {
        using var timeout = new CancellationTokenSource(Bounded.DefaultTimeout);
        while (!timeout.IsCancellationRequested)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            await Task.Delay(100, CancellationToken.None);
        }
        throw new TimeoutException($"Timed out after {Bounded.DefaultTimeout.TotalSeconds:0} s: {what}");
    }
}
