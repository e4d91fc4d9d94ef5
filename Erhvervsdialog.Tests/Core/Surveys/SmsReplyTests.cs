using System.Text.Json;
using Erhvervsdialog.Core.FollowUps;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Tests.Core.Surveys;

/// <summary>
/// GatewayAPI, against a local server that follows its documented API: the survey SMS asks the first question, a reply
/// answers it, delivery reports update the message, and quiet hours and a refused token are handled.
/// </summary>
public class SmsReplyTests : SurveyTestBase
{
    private const long Msisdn = 4520123456; // Åse Mobil, "20 12 34 56"
    private readonly TestGatewayApi _gateway = new();
    private readonly TestSmtpServer _smtp = new();

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Erhvervsdialog:Surveys:SendDelay"] = "00:00:00";
        settings["Erhvervsdialog:Messaging:Smtp:Host"] = "127.0.0.1";
        settings["Erhvervsdialog:Messaging:Smtp:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Erhvervsdialog:Messaging:Smtp:Security"] = "None";
        _gateway.Configure(settings, callbackUrl: "https://erhverv.example/api/sms/gatewayapi");
    }

    public override async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _smtp.DisposeAsync();
        await base.DisposeAsync();
    }

    private SmsWebhook Webhook => Db.Get<SmsWebhook>();

    /// <summary>A contact closed with the SMS person, and its survey SMS sent through the gateway.</summary>
    private async Task<(int ContactId, Message Sms, JsonElement AtGateway)> SentSmsAsync()
    {
        var contactId = await CloseContactAsync(SmsPersonId);
        var message = await MessageForContactAsync(contactId);
        await RunJobAsync(message.Id);
        await using var db = Db.CreateContext();
        return (contactId, await db.Messages.SingleAsync(m => m.Id == message.Id), _gateway.Received.Last());
    }

    private async Task<List<IncomingSms>> IncomingAsync()
    {
        await using var db = Db.CreateContext();
        return await db.IncomingSms.OrderBy(m => m.Id).ToListAsync();
    }

    private async Task<List<SurveyResponse>> ResponsesAsync()
    {
        await using var db = Db.CreateContext();
        return await db.SurveyResponses.Include(r => r.Answers).ToListAsync();
    }

    [Fact]
    public async Task SurveySms_GoesThroughGatewayApi_AskingTheFirstQuestion_WithOurIdAsUserref()
    {
        var (_, sms, atGateway) = await SentSmsAsync();

        Assert.Equal(Msisdn, atGateway.GetProperty("recipients")[0].GetProperty("msisdn").GetInt64());
        Assert.Equal("4512040000", atGateway.GetProperty("sender").GetString());
        Assert.Equal(sms.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), atGateway.GetProperty("userref").GetString());
        Assert.Equal("https://erhverv.example/api/sms/gatewayapi", atGateway.GetProperty("callback_url").GetString());
        var text = atGateway.GetProperty("message").GetString()!;
        Assert.Contains("Hvor tilfreds er du samlet set med kommunens service i denne sag?", text);
        Assert.Contains("Svar på denne SMS med et tal fra 1 (meget utilfreds) til 5 (meget tilfreds)", text);
        Assert.Contains("https://erhverv.example/s/", text);
        Assert.Equal((MessageStatus.Sent, GatewayApiTransport.Name, "1001"), (sms.Status, sms.Transport, sms.ProviderMessageId));
    }

    [Fact]
    public async Task LowScoreByReply_RecordedAsTheAnswer_BecomesAFollowUp_AndTheLinkStaysOpenForTheRest()
    {
        var (contactId, _, _) = await SentSmsAsync();
        Advance(TimeSpan.FromHours(2));

        Assert.Equal(WebhookResult.Accepted, await Webhook.HandleAsync(TestGatewayApi.Incoming(501, Msisdn, "1 vi har ventet i tre uger")));

        var response = Assert.Single(await ResponsesAsync());
        Assert.Equal((1, 1, true), (response.Satisfaction, response.LowestScore, response.PartialBySms));
        Assert.Equal("vi har ventet i tre uger", response.Comment);
        var reply = Assert.Single(await IncomingAsync());
        Assert.Equal((ReplyOutcome.SurveyAnswer, "+4520123456"), (reply.Outcome, reply.From));
        Assert.Contains("svar 1", reply.Note);
        await using (var db = Db.CreateContext())
        {
            var followUp = await db.FollowUps.SingleAsync();
            Assert.Equal((FollowUpSource.LowScore, FollowUpPriority.High, ManagerId, response.Id),
                (followUp.Source, followUp.Priority, followUp.OwnerId, followUp.SurveyResponseId));
            Assert.Equal(MessageStatus.Cancelled, (await db.Messages.SingleAsync(m => m.Kind == MessageKind.SurveyReminder)).Status);
        }

        // The link shows the SMS answer and takes the rest; the answer is completed, not doubled, and no second follow-up.
        var token = await LinkTokenAsync(contactId);
        var form = await Answer.LoadAsync(token);
        Assert.Equal(SurveyLinkState.Open, form.State);
        var first = form.Questions.First(q => q.Kind == QuestionKind.Scale5);
        Assert.Equal("1", form.AnsweredBySms[first.Id]);
        var values = Values(form, (QuestionKind.Scale5, "2"), (QuestionKind.Scale5, "3"), (QuestionKind.Scale5, "1"));
        Assert.True((await Answer.SubmitAsync(token, values, mayContact: true)).Succeeded);
        response = Assert.Single(await ResponsesAsync());
        Assert.Equal((2, 1, false, true), (response.Satisfaction, response.LowestScore, response.PartialBySms, response.MayContact));
        await using (var db = Db.CreateContext())
        {
            Assert.Equal(1, await db.FollowUps.CountAsync());
        }
        Assert.Equal(SurveyLinkState.Answered, (await Answer.LoadAsync(token)).State);
    }

    [Fact]
    public async Task SameReplyTwice_RecordedOnce()
    {
        await SentSmsAsync();
        var reply = TestGatewayApi.Incoming(502, Msisdn, "2");

        // GatewayAPI delivers the same webhook again (our answer was lost), and the company sends "2" once more.
        Assert.Equal(WebhookResult.Accepted, await Webhook.HandleAsync(reply));
        Assert.Equal(WebhookResult.Accepted, await Webhook.HandleAsync(reply));
        Assert.Equal(WebhookResult.Accepted, await Webhook.HandleAsync(TestGatewayApi.Incoming(503, Msisdn, "2")));

        Assert.Single(await ResponsesAsync());
        Assert.Equal([ReplyOutcome.SurveyAnswer, ReplyOutcome.Duplicate], (await IncomingAsync()).Select(m => m.Outcome));
        await using var db = Db.CreateContext();
        Assert.Equal(1, await db.FollowUps.CountAsync());
    }

    [Fact]
    public async Task Stop_OptsTheCompanyOut_AndCancelsItsWaitingSurveyMessages()
    {
        await SentSmsAsync();

        await Webhook.HandleAsync(TestGatewayApi.Incoming(504, Msisdn, "Stop"));

        Assert.Equal(ReplyOutcome.OptedOut, Assert.Single(await IncomingAsync()).Outcome);
        Assert.Empty(await ResponsesAsync());
        await using var db = Db.CreateContext();
        Assert.True((await db.Companies.SingleAsync(c => c.Id == CompanyId)).SurveyOptOut);
        Assert.Equal(MessageStatus.Cancelled, (await db.Messages.SingleAsync(m => m.Kind == MessageKind.SurveyReminder)).Status);
        // The next contact is not surveyed.
        Advance(TimeSpan.FromDays(40));
        var next = await CloseContactAsync(SmsPersonId);
        Assert.Equal(Erhvervsdialog.Core.Resources.Messages.SurveyCompanyOptedOut, (await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == next)).SurveyNote);
    }

    [Fact]
    public async Task OtherText_KeptForStaff_AndListedUnderTheOutbox_ReadLogged()
    {
        await SentSmsAsync();

        await Webhook.HandleAsync(TestGatewayApi.Incoming(505, Msisdn, "Ring venligst til mig om sagen"));
        await Webhook.HandleAsync(TestGatewayApi.Incoming(506, 4599999999, "4"));

        var (items, total) = await Db.Get<Outbox>().IncomingAsync(0, 25, Admin);
        Assert.Equal(2, total);
        Assert.All(items, m => Assert.Equal(ReplyOutcome.KeptForStaff, m.Outcome));
        Assert.Equal(Erhvervsdialog.Core.Resources.Messages.ReplyNoSurvey, items[0].Note); // an unknown number
        Assert.Equal("Ring venligst til mig om sagen", items[1].Text);
        Assert.Empty(await ResponsesAsync());
        await using var db = Db.CreateContext();
        Assert.True(await db.AccessLog.AnyAsync(e => e.EntityType == nameof(IncomingSms) && e.UserId == Admin.UserId));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Db.Get<Outbox>().IncomingAsync(0, 25, Worker));
    }

    [Fact]
    public async Task IncomingSms_InTheSenderSubjectAccess_ErasedWithThem_AndBlankedByRetention()
    {
        await SentSmsAsync();
        await Webhook.HandleAsync(TestGatewayApi.Incoming(510, Msisdn, "Ring til Åse på 20 12 34 56"));
        await Webhook.HandleAsync(TestGatewayApi.Incoming(511, 4599999999, "Hvem er I?"));

        var report = await Db.Get<Erhvervsdialog.Core.Privacy.SubjectAccess>().GatherAsync(SmsPersonId, Admin, "pdf");
        Assert.Contains(report!.Messages, m => m.Recipient == "+4520123456" && m.Body == "Ring til Åse på 20 12 34 56");

        await using (var db = Db.CreateContext())
        {
            await Erhvervsdialog.Core.Privacy.ContactPersonErasure.EraseAsync(db, await db.ContactPersons.SingleAsync(p => p.Id == SmsPersonId));
            await db.SaveChangesAsync();
        }
        var erased = (await IncomingAsync()).Single(m => m.ProviderId == "510");
        Assert.Equal(("[slettet]", "[slettet]", ReplyOutcome.KeptForStaff), (erased.From, erased.Text, erased.Outcome));

        Advance(TimeSpan.FromDays(200)); // past Retention:MessageMonths (6)
        await Db.Get<Erhvervsdialog.Core.Privacy.RetentionJob>().RunAsync();
        var other = (await IncomingAsync()).Single(m => m.ProviderId == "511");
        Assert.Equal(("[slettet]", "[slettet]"), (other.From, other.Text));
    }

    [Fact]
    public async Task ForgedWebhook_Refused_AndNothingRecorded()
    {
        var (_, sms, atGateway) = await SentSmsAsync();
        var genuine = TestGatewayApi.Incoming(507, Msisdn, "5");
        var parts = genuine.Split('.');
        var tampered = $"{parts[0]}.{TestGatewayApi.Incoming(507, Msisdn, "1").Split('.')[1]}.{parts[2]}";

        Assert.Equal(WebhookResult.Refused, await Webhook.HandleAsync(null));
        Assert.Equal(WebhookResult.Refused, await Webhook.HandleAsync("ikke-en-jwt"));
        Assert.Equal(WebhookResult.Refused, await Webhook.HandleAsync(TestGatewayApi.Incoming(507, Msisdn, "1", secret: "en-anden-hemmelighed-som-er-lang-nok-0123")));
        Assert.Equal(WebhookResult.Refused, await Webhook.HandleAsync(tampered));
        Assert.Equal(WebhookResult.Refused, await Webhook.HandleAsync($"{Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{parts[1]}."));
        Assert.Equal(WebhookResult.Refused, await Webhook.HandleAsync(
            TestGatewayApi.DeliveryReport(atGateway, long.Parse(sms.ProviderMessageId!, System.Globalization.CultureInfo.InvariantCulture), "UNDELIVERABLE", secret: "x".PadRight(40, 'x'))));

        Assert.Empty(await IncomingAsync());
        Assert.Empty(await ResponsesAsync());
        await using var db = Db.CreateContext();
        Assert.Null((await db.Messages.SingleAsync(m => m.Id == sms.Id)).Delivery);
    }

    [Fact]
    public async Task DeliveryReport_Delivered_UpdatesTheMessage_ShownInTheOutbox()
    {
        var (_, sms, atGateway) = await SentSmsAsync();
        var providerId = long.Parse(sms.ProviderMessageId!, System.Globalization.CultureInfo.InvariantCulture);

        await Webhook.HandleAsync(TestGatewayApi.DeliveryReport(atGateway, providerId, "ENROUTE"));
        Assert.Null((await Db.Get<Outbox>().ListAsync(new OutboxQuery(), Admin)).Items.Single(r => r.Id == sms.Id).Delivery);
        await Webhook.HandleAsync(TestGatewayApi.DeliveryReport(atGateway, providerId, "DELIVERED"));

        var row = (await Db.Get<Outbox>().ListAsync(new OutboxQuery(), Admin)).Items.Single(r => r.Id == sms.Id);
        Assert.Equal((MessageDelivery.Delivered, Db.Clock.Now.UtcDateTime, null), (row.Delivery, row.DeliveryReportedAt, row.DeliveryError));
    }

    [Fact]
    public async Task DeliveryReport_Undeliverable_SurveyFallsBackToEmail_WithItsReminder()
    {
        _smtp.Start();
        var (contactId, sms, atGateway) = await SentSmsAsync();
        var providerId = long.Parse(sms.ProviderMessageId!, System.Globalization.CultureInfo.InvariantCulture);

        await Webhook.HandleAsync(TestGatewayApi.DeliveryReport(atGateway, providerId, "UNDELIVERABLE"));
        await Webhook.HandleAsync(TestGatewayApi.DeliveryReport(atGateway, providerId, "UNDELIVERABLE")); // repeated: changes nothing

        await using var db = Db.CreateContext();
        var failed = await db.Messages.SingleAsync(m => m.Id == sms.Id);
        Assert.Equal((MessageDelivery.Failed, "UNDELIVERABLE: Number not in use (0x0201)"), (failed.Delivery, failed.DeliveryError));
        // Åse Mobil has no e-mail: the company's address is used.
        var email = await db.Messages.SingleAsync(m => m.Kind == MessageKind.SurveyInvitation && m.Channel == MessageChannel.Email);
        Assert.Equal(("info@oresundbyg.dk", MessageStatus.Scheduled), (email.Recipient, email.Status));
        var reminders = await db.Messages.Where(m => m.Kind == MessageKind.SurveyReminder).ToListAsync();
        Assert.Equal([(MessageChannel.Sms, MessageStatus.Cancelled), (MessageChannel.Email, MessageStatus.Scheduled)],
            reminders.OrderBy(m => m.Id).Select(m => (m.Channel, m.Status)));
        Assert.Contains(email.Id, Db.Jobs.MessageIds);
        await RunJobAsync(email.Id);
        var mail = await _smtp.WaitForMessageAsync();
        Assert.Contains($"/s/{await LinkTokenAsync(contactId)}", mail.TextBody);
        Assert.Contains("info@oresundbyg.dk", (await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == contactId)).SurveyNote);
    }

    [Fact]
    public async Task NightTimeRetry_HeldToTheMorning_AndSendAgainAtNightToo()
    {
        // 19:59 Danish time: the gateway is down, the retry falls due at 20:00 – after the SMS hours.
        Db.Clock.Now = new DateTimeOffset(2026, 11, 23, 18, 59, 0, TimeSpan.Zero);
        var contactId = await CloseContactAsync(SmsPersonId);
        var message = await MessageForContactAsync(contactId);
        _gateway.FailWith = 503;
        await RunJobAsync(message.Id);
        _gateway.FailWith = null;
        Advance(TimeSpan.FromMinutes(2));
        var queued = Db.Jobs.MessageIds.Count(id => id == message.Id);

        await RunJobAsync(message.Id);

        var morning = new DateTime(2026, 11, 24, 7, 0, 0, DateTimeKind.Utc); // 08:00 Danish time
        await using (var db = Db.CreateContext())
        {
            var held = await db.Messages.SingleAsync(m => m.Id == message.Id);
            Assert.Equal((MessageStatus.Scheduled, morning, 1), (held.Status, held.DueAt, held.Attempts));
        }
        Assert.Empty(_gateway.Received);
        Assert.Equal(queued + 1, Db.Jobs.MessageIds.Count(id => id == message.Id)); // queued again for the morning

        // The administrator's "send again" at 23:00 also waits for the morning.
        await using (var db = Db.CreateContext())
        {
            await db.Messages.Where(m => m.Id == message.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Failed));
        }
        Db.Clock.Now = new DateTimeOffset(2026, 11, 23, 22, 0, 0, TimeSpan.Zero);
        await Db.Get<Outbox>().RetryAsync(message.Id, Admin);
        await using (var db = Db.CreateContext())
        {
            Assert.Equal(morning, (await db.Messages.SingleAsync(m => m.Id == message.Id)).DueAt);
        }
        Db.Clock.Now = new DateTimeOffset(morning);
        await RunJobAsync(message.Id);
        Assert.Single(_gateway.Received);
    }

    [Fact]
    public async Task GatewayRefusesTheToken_MessageWaits_AdministratorsToldOnce()
    {
        await Db.CreateUserAsync("driftsadmin", Roles.Administrator, email: "drift@kommune.dk");
        _gateway.FailWith = 401;
        var first = await MessageForContactAsync(await CloseContactAsync(SmsPersonId));
        await RunJobAsync(first.Id);
        var (otherCompany, otherPerson) = await SecondCompanyAsync();
        await RunJobAsync((await MessageForContactAsync(await CloseContactAsync(otherPerson, companyId: otherCompany))).Id);

        await using var db = Db.CreateContext();
        var waiting = await db.Messages.SingleAsync(m => m.Id == first.Id);
        Assert.Equal((MessageStatus.Scheduled, 0), (waiting.Status, waiting.Attempts));
        Assert.Equal(Db.Clock.Now.UtcDateTime.AddMinutes(30), waiting.DueAt);
        Assert.StartsWith("GatewayAPI afviste adgangen (HTTP 401", waiting.LastError);
        var alert = await db.Messages.SingleAsync(m => m.Kind == MessageKind.OperationsAlert);
        Assert.Equal(("drift@kommune.dk", Erhvervsdialog.Core.Resources.Messages.GatewayNotAuthorizedSubject), (alert.Recipient, alert.Subject));
        Assert.Contains(alert.Id, Db.Jobs.MessageIds);

        // Corrected: the waiting message goes at its next try.
        _gateway.FailWith = null;
        Advance(TimeSpan.FromMinutes(31));
        await RunJobAsync(first.Id);
        Assert.Equal(MessageStatus.Sent, (await db.Messages.AsNoTracking().SingleAsync(m => m.Id == first.Id)).Status);
    }

    private async Task<(int CompanyId, int PersonId)> SecondCompanyAsync()
    {
        var company = (await Db.Get<Erhvervsdialog.Core.Companies.SaveCompany>().HandleAsync(new Erhvervsdialog.Core.Companies.SaveCompanyCommand
        {
            Cvr = Erhvervsdialog.Core.Companies.CvrNumber.MadeUp(7), Name = "Kronborg Bageri ApS",
        }, Admin)).Id;
        var person = (await Db.Get<Erhvervsdialog.Core.Companies.SaveContactPerson>().HandleAsync(new Erhvervsdialog.Core.Companies.SaveContactPersonCommand
        {
            CompanyId = company, Name = "Bo Bager", Mobile = "20 99 88 77",
        }, Admin)).Id;
        return (company, person);
    }

    private static string Base64Url(string text) => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(text);
}
