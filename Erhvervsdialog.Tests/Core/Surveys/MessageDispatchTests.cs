using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Tests.Core.Surveys;

/// <summary>Sending through a real SMTP server and a local SMS gateway: exactly once, retried when safe, reviewed when unsure.</summary>
public class MessageDispatchTests : SurveyTestBase
{
    private readonly TestSmtpServer _smtp = new();
    private readonly TestSmsGateway _sms = new();

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Erhvervsdialog:Surveys:SendDelay"] = "00:00:00";
        settings["Erhvervsdialog:Messaging:Smtp:Host"] = "127.0.0.1";
        settings["Erhvervsdialog:Messaging:Smtp:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Erhvervsdialog:Messaging:Smtp:Security"] = "None";
        settings["Erhvervsdialog:Messaging:Smtp:From"] = "erhverv@helsingor.dk";
        settings["Erhvervsdialog:Messaging:Sms:BaseUrl"] = _sms.BaseUrl;
        settings["Erhvervsdialog:Messaging:Sms:Token"] = TestSmsGateway.Token;
        settings["Erhvervsdialog:Messaging:Sms:Sender"] = "Helsingoer";
    }

    public override async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _sms.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task<Message> ReloadAsync(int messageId)
    {
        await using var db = Db.CreateContext();
        return await db.Messages.SingleAsync(m => m.Id == messageId);
    }

    [Fact]
    public async Task Email_SentOverSmtp_WithWorkingLink_InvitationSent_ReminderPlanned()
    {
        _smtp.Start();
        var contactId = await CloseContactAsync(EmailPersonId);
        var message = await MessageForContactAsync(contactId);

        await RunJobAsync(message.Id);

        var mail = await _smtp.WaitForMessageAsync();
        Assert.Equal("erik@oresundbyg.dk", mail.To.Mailboxes.Single().Address);
        Assert.Equal("Hvordan oplevede I jeres kontakt med Helsingør Kommune?", mail.Subject);
        var token = await LinkTokenAsync(contactId);
        Assert.Contains($"https://erhverv.example/s/{token}", mail.TextBody);
        var sent = await ReloadAsync(message.Id);
        Assert.Equal((MessageStatus.Sent, 1, "SMTP"), (sent.Status, sent.Attempts, sent.Transport));
        Assert.Equal(mail.MessageId, sent.ProviderMessageId);
        var invitation = await InvitationAsync(sent);
        Assert.Equal(InvitationStatus.Sent, invitation.Status);
        Assert.Equal(Monday10.UtcDateTime.AddDays(14), invitation.ExpiresAt);
        var reminder = await MessageForContactAsync(contactId, MessageKind.SurveyReminder);
        Assert.Equal(Monday10.UtcDateTime.AddDays(5), reminder.DueAt);
        Assert.Contains(reminder.Id, Db.Jobs.MessageIds);
    }

    [Fact]
    public async Task TwoWorkersRaceForTheSameMessage_ItIsSentOnce()
    {
        _smtp.Start();
        var message = await MessageForContactAsync(await CloseContactAsync(EmailPersonId));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => RunJobAsync(message.Id))));

        await _smtp.WaitForMessageAsync();
        await Task.Delay(200);
        Assert.Single(_smtp.Received);
        Assert.Equal(1, (await ReloadAsync(message.Id)).Attempts);
    }

    [Fact]
    public async Task SmtpDown_RetriedWithBackoff_ThenSentWhenItRecovers()
    {
        var message = await MessageForContactAsync(await CloseContactAsync(EmailPersonId));

        await RunJobAsync(message.Id); // nothing listens on the port yet
        var failed = await ReloadAsync(message.Id);
        Assert.Equal((MessageStatus.Scheduled, 1), (failed.Status, failed.Attempts));
        Assert.Equal(Monday10.UtcDateTime.AddMinutes(1), failed.DueAt);
        Assert.NotNull(failed.LastError);

        _smtp.Start();
        _smtp.RefuseTemporarily = true;
        Advance(TimeSpan.FromMinutes(1));
        await RunJobAsync(message.Id); // 451: temporary refusal
        var refused = await ReloadAsync(message.Id);
        Assert.Equal((MessageStatus.Scheduled, 2), (refused.Status, refused.Attempts));
        Assert.Equal(Db.Clock.Now.UtcDateTime.AddMinutes(2), refused.DueAt);

        await RunJobAsync(message.Id); // not due yet: nothing happens
        Assert.Equal(2, (await ReloadAsync(message.Id)).Attempts);

        _smtp.RefuseTemporarily = false;
        Advance(TimeSpan.FromMinutes(2));
        await RunJobAsync(message.Id);
        await _smtp.WaitForMessageAsync();
        Assert.Equal((MessageStatus.Sent, 3), ((await ReloadAsync(message.Id)).Status, (await ReloadAsync(message.Id)).Attempts));
        Assert.Single(_smtp.Received);
    }

    [Fact]
    public async Task CrashBetweenSendAndBookkeeping_MarkedForReview_NeverSentAgain()
    {
        _smtp.Start();
        var message = await MessageForContactAsync(await CloseContactAsync(EmailPersonId));
        // A worker claimed the message and then the process died before it recorded the outcome.
        await using (var db = Db.CreateContext())
        {
            await db.Messages.Where(m => m.Id == message.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, MessageStatus.Sending).SetProperty(m => m.ClaimedAt, Monday10.UtcDateTime)
                .SetProperty(m => m.Attempts, 1));
        }

        Advance(TimeSpan.FromMinutes(5));
        await Db.Get<SweepJob>().RunAsync();
        Assert.Equal(MessageStatus.Sending, (await ReloadAsync(message.Id)).Status); // still within the grace period
        Advance(TimeSpan.FromMinutes(6));
        await Db.Get<SweepJob>().RunAsync();
        await RunJobAsync(message.Id);

        var reviewed = await ReloadAsync(message.Id);
        Assert.Equal(MessageStatus.NeedsReview, reviewed.Status);
        Assert.StartsWith("Afsendelsen blev afbrudt", reviewed.LastError);
        Assert.Empty(_smtp.Received);
    }

    [Fact]
    public async Task Sweep_RequeuesDueMessagesWhoseJobWentMissing()
    {
        var message = await MessageForContactAsync(await CloseContactAsync(EmailPersonId));
        var queuedBefore = Db.Jobs.MessageIds.Count(id => id == message.Id);

        Advance(TimeSpan.FromMinutes(2));
        await Db.Get<SweepJob>().RunAsync();

        Assert.Equal(queuedBefore + 1, Db.Jobs.MessageIds.Count(id => id == message.Id));
    }

    [Fact]
    public async Task Sms_SentThroughTheGateway_AsMsisdn_WithProviderId_And5xxIsRetried()
    {
        Db.Clock.Now = Monday10.AddHours(1);
        var message = await MessageForContactAsync(await CloseContactAsync(SmsPersonId));

        _sms.FailWith = 503;
        await RunJobAsync(message.Id);
        Assert.Equal(MessageStatus.Scheduled, (await ReloadAsync(message.Id)).Status);
        Assert.Contains("503", (await ReloadAsync(message.Id)).LastError);

        _sms.FailWith = null;
        Advance(TimeSpan.FromMinutes(1));
        await RunJobAsync(message.Id);

        var body = Assert.Single(_sms.Received);
        Assert.Equal("4520123456", body.GetProperty("recipient").GetString());
        Assert.Equal("Helsingoer", body.GetProperty("sender").GetString());
        Assert.Contains("https://erhverv.example/s/", body.GetProperty("message").GetString());
        var sent = await ReloadAsync(message.Id);
        Assert.Equal((MessageStatus.Sent, "gw-1", "SMS-gateway"), (sent.Status, sent.ProviderMessageId, sent.Transport));
    }

    [Fact]
    public async Task ReminderForAnAnsweredSurvey_IsCancelled_NotSent()
    {
        _smtp.Start();
        var contactId = await CloseContactAsync(EmailPersonId);
        await RunJobAsync((await MessageForContactAsync(contactId)).Id);
        var token = await LinkTokenAsync(contactId);
        var form = await Db.Get<AnswerSurvey>().LoadAsync(token);
        await Db.Get<AnswerSurvey>().SubmitAsync(token, form.Questions.Where(q => q.Required).ToDictionary(q => q.Id, _ => (string?)"4"), false);

        Advance(TimeSpan.FromDays(5));
        var reminder = await MessageForContactAsync(contactId, MessageKind.SurveyReminder);
        await RunJobAsync(reminder.Id);

        Assert.Equal(MessageStatus.Cancelled, (await ReloadAsync(reminder.Id)).Status);
        Assert.Single(_smtp.Received);
    }
}
