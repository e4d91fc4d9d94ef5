using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Surveys;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Tests.Core.Surveys;

public class SurveyPlanningTests : SurveyTestBase
{
    [Fact]
    public async Task ClosingAContact_CreatesInvitationAndMessage_DueTheNextDay_AndQueuesTheJob()
    {
        var contactId = await CloseContactAsync(EmailPersonId);

        var message = await MessageForContactAsync(contactId);
        Assert.Equal(MessageChannel.Email, message.Channel);
        Assert.Equal("erik@oresundbyg.dk", message.Recipient);
        Assert.Equal(Monday10.UtcDateTime.AddDays(1), message.DueAt);
        Assert.Contains(SurveyPlanner.LinkPlaceholder, message.Body);
        Assert.DoesNotContain("/s/", message.Body);
        Assert.Contains(message.Id, Db.Jobs.MessageIds);
        await using var db = Db.CreateContext();
        var contact = await db.Contacts.SingleAsync(c => c.Id == contactId);
        Assert.Equal("Måling sendes 24-11-2026 10:00 som e-mail.", contact.SurveyNote);
    }

    [Fact]
    public async Task MobileNumber_GoesBySms_ElseEmail_ElseTheCompanysEmail()
    {
        var sms = await MessageForContactAsync(await CloseContactAsync(SmsPersonId));
        Assert.Equal((MessageChannel.Sms, "+4520123456"), (sms.Channel, sms.Recipient));

        var otherCompany = (await Db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = "54562519", Name = "Anden A/S", Email = "post@anden.dk" }, Admin)).Id;
        var fallback = await MessageForContactAsync(await CloseContactAsync(companyId: otherCompany));
        Assert.Equal((MessageChannel.Email, "post@anden.dk"), (fallback.Channel, fallback.Recipient));
    }

    [Fact]
    public async Task IneligibleContacts_RecordWhy_AndGetNoInvitation()
    {
        var notAllowed = await CloseContactAsync(EmailPersonId, surveyAllowed: false);
        await Db.Get<SaveContactPerson>().HandleAsync(new SaveContactPersonCommand
        {
            Id = SmsPersonId, Version = 1, CompanyId = CompanyId, Name = "Åse Mobil", Mobile = "20 12 34 56", SurveyOptOut = true,
        }, Admin);
        var personOptedOut = await CloseContactAsync(SmsPersonId);
        var noRecipient = await CloseContactAsync(companyId: (await Db.Get<SaveCompany>().HandleAsync(
            new SaveCompanyCommand { Cvr = "10103940", Name = "Uden Kontakt ApS" }, Admin)).Id);
        var first = await CloseContactAsync(EmailPersonId);
        Advance(TimeSpan.FromDays(10));
        var recentByOtherUnit = await CloseContactAsync(EmailPersonId, unit: Job);

        await using var db = Db.CreateContext();
        string? Note(int id) => db.Contacts.Single(c => c.Id == id).SurveyNote;
        Assert.Equal("Ingen måling: henvendelsen må ikke indgå i målinger.", Note(notAllowed));
        Assert.Equal("Ingen måling: kontaktpersonen må ikke kontaktes om målinger.", Note(personOptedOut));
        Assert.Equal("Ingen måling: hverken mobilnummer eller e-mail at sende til.", Note(noRecipient));
        Assert.StartsWith("Måling sendes", Note(first));
        Assert.Equal("Ingen måling: virksomheden blev spurgt 23-11-2026 (højst én måling pr. 30 dage).", Note(recentByOtherUnit));
        Assert.Equal([first], await db.SurveyInvitations.Select(i => i.ContactId).ToListAsync());

        Advance(TimeSpan.FromDays(21));
        var later = await CloseContactAsync(EmailPersonId, unit: Job);
        Assert.True(await db.SurveyInvitations.AnyAsync(i => i.ContactId == later));
    }

    [Fact]
    public async Task ReopenAndCloseAgain_StillOneInvitation_AndTheDatabaseRefusesASecond()
    {
        var contactId = await CloseContactAsync(EmailPersonId);
        var save = Db.Get<SaveContact>();
        await using (var db = Db.CreateContext())
        {
            var contact = await db.Contacts.SingleAsync(c => c.Id == contactId);
            var reopen = new SaveContactCommand
            {
                Id = contactId, Version = contact.Version, CompanyId = CompanyId, UnitId = Byg, ContactPersonId = EmailPersonId,
                OccurredAt = contact.OccurredAt, Status = ContactStatus.Open,
            };
            await save.HandleAsync(reopen, Worker);
            await save.HandleAsync(reopen with { Version = contact.Version + 1, Status = ContactStatus.Closed }, Worker);
        }

        await using var check = Db.CreateContext();
        Assert.Equal(1, await check.SurveyInvitations.CountAsync(i => i.ContactId == contactId));
        var original = await check.SurveyInvitations.AsNoTracking().SingleAsync();
        check.SurveyInvitations.Add(new SurveyInvitation
        {
            ContactId = contactId, CompanyId = CompanyId, UnitId = Byg, TemplateVersionId = original.TemplateVersionId,
            Recipient = "x@y.dk", TokenNonce = [1], TokenHash = [2], CreatedAt = DateTime.UtcNow,
        });
        await Assert.ThrowsAsync<DbUpdateException>(() => check.SaveChangesAsync());
    }

    [Theory]
    [InlineData("2026-11-23T21:30:00Z", "2026-11-24T07:00:00Z")] // 22:30 Danish winter time: next morning 08:00
    [InlineData("2026-11-24T05:00:00Z", "2026-11-24T07:00:00Z")] // 06:00: same morning 08:00
    [InlineData("2026-11-24T12:00:00Z", "2026-11-24T12:00:00Z")] // 13:00: now
    [InlineData("2026-03-28T20:00:00Z", "2026-03-29T06:00:00Z")] // 21:00 before the switch to summer time: 08:00 CEST
    [InlineData("2026-06-15T18:30:00Z", "2026-06-16T06:00:00Z")] // 20:30 summer time
    public void SmsOnlyBetween8And20DanishTime(string due, string expected)
    {
        var planner = Db.Get<SurveyPlanner>();

        Assert.Equal(DateTime.Parse(expected, null, System.Globalization.DateTimeStyles.AdjustToUniversal),
            planner.SendTime(DateTime.Parse(due, null, System.Globalization.DateTimeStyles.AdjustToUniversal), SurveyChannel.Sms));
        Assert.Equal(DateTime.Parse(due, null, System.Globalization.DateTimeStyles.AdjustToUniversal),
            planner.SendTime(DateTime.Parse(due, null, System.Globalization.DateTimeStyles.AdjustToUniversal), SurveyChannel.Email));
    }
}

public class SurveyPlanningWithoutDelayTests : SurveyTestBase
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Erhvervsdialog:Surveys:SendDelay"] = "00:00:00";

    [Fact]
    public async Task SmsClosedInTheEvening_WaitsForTheMorning_EmailGoesAtOnce()
    {
        Db.Clock.Now = new DateTimeOffset(2026, 11, 23, 20, 15, 0, TimeSpan.Zero); // 21:15 Danish time

        var sms = await MessageForContactAsync(await CloseContactAsync(SmsPersonId));
        Advance(TimeSpan.FromDays(40));
        var email = await MessageForContactAsync(await CloseContactAsync(EmailPersonId));

        Assert.Equal(new DateTime(2026, 11, 24, 7, 0, 0, DateTimeKind.Utc), sms.DueAt);
        Assert.Equal(Db.Clock.Now.UtcDateTime, email.DueAt);
    }
}
