using System.Text;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.FollowUps;
using Erhvervsdialog.Core.Meetings;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Hangfire.States;
using Ical.Net;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Tests.Core.Meetings;

/// <summary>Invitations as .ics (parsed back), updates, cancellations and the reminder the day before, on a controllable clock.</summary>
public class MeetingInvitationTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private Actor _director = default!;
    private string _managerId = "";
    private int _companyId;
    private int _personId;

    public async Task InitializeAsync()
    {
        // Written against fixed dates in November and December 2026: the test sets that date on purpose.
        _db.Clock.Now = TestDatabase.FixedDate;
        await _db.InitializeAsync();
        var admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        _director = await _db.CreateUserAsync("direktoer", Roles.Director, "Birthe Direktør", "direktor@kommune.dk");
        _managerId = (await _db.CreateUserAsync("leder", Roles.Manager, "Mads Leder", "leder@kommune.dk")).UserId;
        _companyId = (await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = "24256790", Name = "Øresund Byg ApS" }, admin)).Id;
        _personId = (await _db.Get<SaveContactPerson>().HandleAsync(new SaveContactPersonCommand { CompanyId = _companyId, Name = "Åse Ågesen", Email = "aase@oresund.dk" }, admin)).Id;
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    private PlanMeetingCommand Meeting(DateTime localStart) => new()
    {
        CompanyId = _companyId, LocalStart = localStart, LocalEnd = localStart.AddHours(1), Place = "Rådhuset, Stengade 59",
        Purpose = "Vækst og rekruttering", Agenda = ["Velkomst", "Byggesager"],
        UserIds = [_director.UserId, _managerId], ContactPersonIds = [_personId],
    };

    private async Task<List<Message>> MessagesAsync(MessageKind kind)
    {
        await using var db = _db.CreateContext();
        return await db.Messages.Where(m => m.Kind == kind).OrderBy(m => m.Id).ToListAsync();
    }

    private static Calendar Parse(Message message) => Calendar.Load(Encoding.UTF8.GetString(message.Attachment!))!;

    [Fact]
    public async Task Plan_SendsEachParticipantAnIcsRequest_InDanishTime_AndSchedulesTheReminderTheDayBefore()
    {
        var result = await _db.Get<PlanMeeting>().HandleAsync(Meeting(new DateTime(2027, 3, 26, 10, 0, 0)), _director);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));

        var invitations = await MessagesAsync(MessageKind.MeetingInvitation);
        Assert.Equal(["aase@oresund.dk", "direktor@kommune.dk", "leder@kommune.dk"], invitations.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        var message = invitations[0];
        Assert.Equal("invitation.ics", message.AttachmentName);
        Assert.StartsWith("text/calendar; method=REQUEST", message.AttachmentType);
        Assert.Contains("Tid: fredag 26-03-2027 kl. 10:00–11:00", message.Body);
        Assert.Contains("1. Velkomst", message.Body);

        var calendar = Parse(message);
        var text = Encoding.UTF8.GetString(message.Attachment!);
        Assert.Equal("REQUEST", calendar.Method);
        var ev = Assert.Single(calendar.Events);
        var meeting = await _db.Get<MeetingQueries>().GetAsync(result.Id, _director);
        Assert.Equal(meeting!.CalendarUid.ToString(), ev.Uid);
        Assert.Equal(0, ev.Sequence);
        Assert.Equal("Europe/Copenhagen", ev.DtStart!.TzId);
        Assert.Equal(new DateTime(2027, 3, 26, 9, 0, 0, DateTimeKind.Utc), ev.DtStart.AsUtc);
        Assert.Contains("DTSTART;TZID=Europe/Copenhagen:20270326T100000", text);
        Assert.Contains("BEGIN:VTIMEZONE", text);
        Assert.Equal("Dialogmøde: Øresund Byg ApS", ev.Summary);
        Assert.Equal(3, ev.Attendees.Count);
        Assert.Equal("mailto:direktor@kommune.dk", ev.Organizer!.Value!.ToString());

        // The reminder: 08:00 Danish time the day before (winter time: 07:00 UTC), scheduled with Hangfire for then.
        var reminders = await MessagesAsync(MessageKind.MeetingReminder);
        Assert.Equal(3, reminders.Count);
        Assert.All(reminders, r => Assert.Equal(new DateTime(2027, 3, 25, 7, 0, 0, DateTimeKind.Utc), r.DueAt));
        var scheduled = _db.Jobs.Jobs.Where(j => (int)j.Job.Args[0] == reminders[0].Id).Select(j => j.State).OfType<ScheduledState>().Single();
        // Hangfire counts the delay from its own clock: the delay is the time from the test clock's now to the due time.
        var expected = DateTime.UtcNow + (new DateTime(2027, 3, 25, 7, 0, 0, DateTimeKind.Utc) - _db.Clock.GetUtcNow().UtcDateTime);
        Assert.InRange(scheduled.EnqueueAt, expected.AddMinutes(-1), expected.AddMinutes(1));
    }

    [Fact]
    public async Task MoveAcrossDaylightSaving_SendsUpdateWithSameUidHigherSequence_AndMovesTheReminder()
    {
        var plan = _db.Get<PlanMeeting>();
        var id = (await plan.HandleAsync(Meeting(new DateTime(2027, 3, 26, 10, 0, 0)), _director)).Id;
        var before = await _db.Get<MeetingQueries>().GetAsync(id, _director);

        // Summer time begins 28 March 2027: the same 10:00 is now 08:00 UTC.
        var moved = await plan.HandleAsync(Meeting(new DateTime(2027, 3, 30, 10, 0, 0)) with { Id = id, Version = before!.Version }, _director);
        Assert.True(moved.Succeeded, string.Join("; ", moved.Errors.Values));

        var updates = await MessagesAsync(MessageKind.MeetingUpdate);
        Assert.Equal(3, updates.Count);
        var calendar = Parse(updates[0]);
        var ev = Assert.Single(calendar.Events);
        Assert.Equal("REQUEST", calendar.Method);
        Assert.Equal(before.CalendarUid.ToString(), ev.Uid);
        Assert.Equal(1, ev.Sequence);
        Assert.Equal(new DateTime(2027, 3, 30, 8, 0, 0, DateTimeKind.Utc), ev.DtStart!.AsUtc);
        Assert.Contains("DTSTART;TZID=Europe/Copenhagen:20270330T100000", Encoding.UTF8.GetString(updates[0].Attachment!));

        var reminders = await MessagesAsync(MessageKind.MeetingReminder);
        Assert.Equal(3, reminders.Count(r => r.Status == MessageStatus.Cancelled && r.DueAt == new DateTime(2027, 3, 25, 7, 0, 0, DateTimeKind.Utc)));
        // 08:00 on 29 March is summer time: 06:00 UTC.
        Assert.Equal(3, reminders.Count(r => r.Status == MessageStatus.Scheduled && r.DueAt == new DateTime(2027, 3, 29, 6, 0, 0, DateTimeKind.Utc)));

        // Saving again without a change sends nothing.
        var again = await _db.Get<MeetingQueries>().GetAsync(id, _director);
        await plan.HandleAsync(Meeting(new DateTime(2027, 3, 30, 10, 0, 0)) with { Id = id, Version = again!.Version }, _director);
        Assert.Equal(3, (await MessagesAsync(MessageKind.MeetingUpdate)).Count);
    }

    [Fact]
    public async Task RemovedParticipant_GetsACancel_NewOneAnInvitation()
    {
        var plan = _db.Get<PlanMeeting>();
        var id = (await plan.HandleAsync(Meeting(new DateTime(2026, 12, 10, 10, 0, 0)), _director)).Id;
        var version = (await _db.Get<MeetingQueries>().GetAsync(id, _director))!.Version;

        await plan.HandleAsync(Meeting(new DateTime(2026, 12, 10, 10, 0, 0)) with
        {
            Id = id,
            Version = version,
            UserIds = [_director.UserId],
            External = [new ExternalParticipant("Ny Gæst", "gaest@oresund.dk")],
        }, _director);

        var cancel = Assert.Single(await MessagesAsync(MessageKind.MeetingCancellation));
        Assert.Equal("leder@kommune.dk", cancel.Recipient);
        Assert.Equal("CANCEL", Parse(cancel).Method);
        var invitations = await MessagesAsync(MessageKind.MeetingInvitation);
        Assert.Equal(4, invitations.Count);
        Assert.Equal("gaest@oresund.dk", invitations[^1].Recipient);
        Assert.Equal(1, Parse(invitations[^1]).Events[0]!.Sequence);
    }

    [Fact]
    public async Task Cancel_SendsMethodCancel_RemovesReminders_KeepsFollowUps_AndAReminderJobSendsNothing()
    {
        var plan = _db.Get<PlanMeeting>();
        var id = (await plan.HandleAsync(Meeting(new DateTime(2026, 12, 10, 10, 0, 0)), _director)).Id;
        var minutes = await _db.Get<MeetingMinutes>().SaveAsync(new MinutesCommand
        {
            MeetingId = id, Version = (await _db.Get<MeetingQueries>().GetAsync(id, _director))!.Version, Summary = "Forberedende aftale",
            FollowUps = [new NewFollowUp { Title = "Send byggevejledning", OwnerId = _managerId, DueDate = new DateTime(2026, 12, 1) }],
        }, _director);
        Assert.True(minutes.Succeeded, string.Join("; ", minutes.Errors.Values));

        var cancelled = await plan.CancelAsync(id, (await _db.Get<MeetingQueries>().GetAsync(id, _director))!.Version, _director);
        Assert.True(cancelled.Succeeded);

        var cancels = await MessagesAsync(MessageKind.MeetingCancellation);
        Assert.Equal(3, cancels.Count);
        var calendar = Parse(cancels[0]);
        Assert.Equal("CANCEL", calendar.Method);
        Assert.Equal(1, calendar.Events[0]!.Sequence);
        Assert.Equal("CANCELLED", calendar.Events[0]!.Status);
        var reminders = await MessagesAsync(MessageKind.MeetingReminder);
        Assert.All(reminders, r => Assert.Equal(MessageStatus.Cancelled, r.Status));

        await using (var db = _db.CreateContext())
        {
            var followUp = await db.FollowUps.SingleAsync();
            Assert.Equal(id, followUp.MeetingId);
            Assert.Equal(FollowUpStatus.Open, followUp.Status);
        }

        // A reminder job that Hangfire still runs finds the message cancelled: nothing goes out.
        _db.Clock.Now = new DateTimeOffset(2026, 12, 9, 7, 0, 0, TimeSpan.Zero);
        await _db.Get<SendMessageJob>().RunAsync(reminders[0].Id);
        Assert.All(await MessagesAsync(MessageKind.MeetingReminder), r => Assert.Null(r.SentAt));
    }

    [Fact]
    public async Task ReminderJob_OnTheDayBefore_SendsThroughTheOutbox()
    {
        var id = (await _db.Get<PlanMeeting>().HandleAsync(Meeting(new DateTime(2026, 12, 10, 10, 0, 0)), _director)).Id;
        var reminder = (await MessagesAsync(MessageKind.MeetingReminder))[0];
        Assert.Equal(new DateTime(2026, 12, 9, 7, 0, 0, DateTimeKind.Utc), reminder.DueAt);

        _db.Clock.Now = new DateTimeOffset(2026, 12, 9, 6, 59, 0, TimeSpan.Zero);
        await _db.Get<SendMessageJob>().RunAsync(reminder.Id);
        Assert.Equal(MessageStatus.Scheduled, (await MessagesAsync(MessageKind.MeetingReminder))[0].Status);

        _db.Clock.Now = new DateTimeOffset(2026, 12, 9, 7, 0, 0, TimeSpan.Zero);
        await _db.Get<SendMessageJob>().RunAsync(reminder.Id);
        await _db.Get<SendMessageJob>().RunAsync(reminder.Id);
        var sent = (await MessagesAsync(MessageKind.MeetingReminder))[0];
        Assert.Equal(MessageStatus.Sent, sent.Status);
        Assert.Equal(1, sent.Attempts);
        Assert.Equal("Påmindelse: Dialogmøde med Øresund Byg ApS i morgen kl. 10:00", sent.Subject);
        Assert.NotEqual(0, id);
    }

    [Fact]
    public async Task MeetingTomorrowMorning_GetsNoReminder_BecauseThatMomentHasPassed()
    {
        // Now is 26-11-2026 10:00 Danish time; the reminder for a meeting on 27-11 would be due at 08:00 today.
        await _db.Get<PlanMeeting>().HandleAsync(Meeting(new DateTime(2026, 11, 27, 9, 0, 0)), _director);
        Assert.Empty(await MessagesAsync(MessageKind.MeetingReminder));
        Assert.Equal(3, (await MessagesAsync(MessageKind.MeetingInvitation)).Count);
    }
}

/// <summary>An invitation through a real SMTP server: the e-mail carries the .ics as text/calendar; method=REQUEST.</summary>
public class MeetingSmtpTests : IAsyncLifetime
{
    private readonly TestSmtpServer _smtp = new();
    private readonly TestDatabase _db = new();

    public async Task InitializeAsync()
    {
        _db.Settings["Erhvervsdialog:Messaging:Smtp:Host"] = "127.0.0.1";
        _db.Settings["Erhvervsdialog:Messaging:Smtp:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _db.Settings["Erhvervsdialog:Messaging:Smtp:Security"] = "None";
        // Written against fixed dates in November and December 2026: the test sets that date on purpose.
        _db.Clock.Now = TestDatabase.FixedDate;
        await _db.InitializeAsync();
        _smtp.Start();
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Invitation_ArrivesWithCalendarPart()
    {
        var director = await _db.CreateUserAsync("direktoer", Roles.Director);
        var company = (await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = "24256790", Name = "Øresund Byg ApS" }, director)).Id;
        var planned = await _db.Get<PlanMeeting>().HandleAsync(new PlanMeetingCommand
        {
            CompanyId = company, LocalStart = new DateTime(2026, 12, 3, 10, 0, 0), LocalEnd = new DateTime(2026, 12, 3, 11, 0, 0),
            External = [new ExternalParticipant("Åse Ågesen", "aase@oresund.dk")],
        }, director);
        Assert.True(planned.Succeeded, string.Join("; ", planned.Errors.Values));
        await using (var db = _db.CreateContext())
        {
            var invitation = await db.Messages.SingleAsync(m => m.Kind == MessageKind.MeetingInvitation);
            await _db.Get<SendMessageJob>().RunAsync(invitation.Id);
        }

        var mail = await _smtp.WaitForMessageAsync();
        Assert.Equal("Invitation: Dialogmøde med Øresund Byg ApS, torsdag 03-12-2026 kl. 10:00–11:00", mail.Subject);
        var part = Assert.Single(mail.Attachments.OfType<MimeKit.MimePart>());
        Assert.Equal("text/calendar", part.ContentType.MimeType);
        Assert.Equal("REQUEST", part.ContentType.Parameters["method"]);
        Assert.Equal("invitation.ics", part.FileName);
        using var content = new MemoryStream();
        await part.Content!.DecodeToAsync(content);
        var calendar = Calendar.Load(Encoding.UTF8.GetString(content.ToArray()))!;
        Assert.Equal("Åse Ågesen", Assert.Single(calendar.Events)!.Attendees.Single().CommonName);
    }
}
