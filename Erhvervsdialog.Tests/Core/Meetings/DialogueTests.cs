using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.FollowUps;
using Erhvervsdialog.Core.Meetings;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Tests.Core.Meetings;

/// <summary>The briefing across units, the dialogue programme's ranking, minutes, the calendar feed and the follow-up digest.</summary>
public class DialogueTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private Actor _admin = default!;
    private Actor _director = default!;
    private Actor _owner = default!;
    private string _managerId = "";
    private int _byg;
    private int _job;

    private DateTime Now => _db.Clock.GetUtcNow().UtcDateTime;

    public async Task InitializeAsync()
    {
        // Written against fixed dates in November and December 2026: the test sets that date on purpose.
        _db.Clock.Now = TestDatabase.FixedDate;
        await _db.InitializeAsync();
        _admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        _director = await _db.CreateUserAsync("direktoer", Roles.Director, "Birthe Direktør", "direktor@kommune.dk");
        _owner = await _db.CreateUserAsync("konsulent", Roles.Consultant, "Karl Konsulent", "karl@kommune.dk");
        _managerId = (await _db.CreateUserAsync("leder", Roles.Manager, "Mads Leder", "leder@kommune.dk")).UserId;
        _byg = (await _db.Get<SaveUnit>().HandleAsync(new SaveUnitCommand
        {
            Name = "Byggeri", ShortName = "BYG", Members = [new UnitMemberInput(_managerId, true), new UnitMemberInput(_owner.UserId, false)],
        }, _admin)).Id;
        _job = (await _db.Get<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Jobcenter", ShortName = "JOB" }, _admin)).Id;
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    private async Task<int> CompanyAsync(string cvr, string name, EmployeeBand band = EmployeeBand.Unknown, bool keyAccount = false, string[]? tags = null)
    {
        var result = await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand
        {
            Cvr = cvr, Name = name, EmployeeBand = band, KeyAccountConsultantId = keyAccount ? _owner.UserId : null, Tags = tags ?? [],
            IndustryCode = "412000", IndustryText = "Opførelse af bygninger",
        }, _admin);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        return result.Id;
    }

    private Task<int> ContactAsync(int companyId, int unitId, int daysAgo, string topic, int? score = null, string? comment = null) =>
        _db.AddContactAsync(companyId, unitId, Now.AddDays(-daysAgo), topic, score, comment);

    private async Task<int> MeetingAsync(int companyId, DateTime localStart)
    {
        var result = await _db.Get<PlanMeeting>().HandleAsync(new PlanMeetingCommand
        {
            CompanyId = companyId, LocalStart = localStart, LocalEnd = localStart.AddHours(1), Place = "Rådhuset",
            UserIds = [_director.UserId], External = [new ExternalParticipant("Åse Ågesen", "aase@firma.dk")],
        }, _director);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        return result.Id;
    }

    [Fact]
    public async Task Briefing_GathersContactsFromEveryUnit_OpenFollowUps_LatestAnswers_AndEarlierDecisions()
    {
        var company = await CompanyAsync("24256790", "Øresund Byg ApS", keyAccount: true);
        var other = await CompanyAsync("54562519", "Anden Virksomhed A/S");
        await ContactAsync(company, _byg, 20, "Byggetilladelse", score: 1, comment: "Det tog for lang tid.");
        await ContactAsync(company, _job, 40, "Rekruttering", score: 5, comment: "Fin hjælp.");
        await ContactAsync(company, _job, 400, "Gammel sag");
        await ContactAsync(other, _byg, 5, "Andens sag");
        await _db.Get<ManageFollowUps>().CreateAsync(new NewFollowUp { Title = "Ring tilbage om byggesag", CompanyId = company, OwnerId = _owner.UserId, UnitId = _byg }, _owner);
        var done = (await _db.Get<ManageFollowUps>().CreateAsync(new NewFollowUp { Title = "Afsluttet sag", CompanyId = company, OwnerId = _owner.UserId }, _owner)).Id;
        await _db.Get<ManageFollowUps>().UpdateStatusAsync(done, 1, FollowUpStatus.Done, "Klaret", _owner);

        // An earlier meeting, held, with decisions.
        _db.Clock.Now = new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
        var earlier = await MeetingAsync(company, new DateTime(2026, 6, 2, 10, 0, 0));
        _db.Clock.Now = new DateTimeOffset(2026, 6, 2, 12, 0, 0, TimeSpan.Zero);
        var version = (await _db.Get<MeetingQueries>().GetAsync(earlier, _director))!.Version;
        var minutes = await _db.Get<MeetingMinutes>().SaveAsync(new MinutesCommand
        {
            MeetingId = earlier, Version = version, Summary = "God snak", Decisions = "Fast kontaktperson i BYG", MarkHeld = true,
        }, _director);
        Assert.True(minutes.Succeeded, string.Join("; ", minutes.Errors.Values));
        _db.Clock.Now = new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

        var id = await MeetingAsync(company, new DateTime(2026, 12, 3, 10, 0, 0));
        var view = await _db.Get<MeetingBriefing>().GetAsync(id, _owner);

        Assert.NotNull(view);
        Assert.Equal("Øresund Byg ApS", view.Company.Name);
        Assert.Equal("Karl Konsulent", view.KeyAccountConsultantName);
        Assert.Equal(["Byggetilladelse", "Rekruttering"], view.Contacts.Select(c => c.Topic));
        Assert.Equal(["Byggeri", "Jobcenter"], view.Contacts.Select(c => c.UnitName));
        Assert.Equal([("Byggeri", 1), ("Jobcenter", 1)], view.ContactsPerUnit.Select(u => (u.UnitName, u.Contacts)));
        Assert.Equal(["Ring tilbage om byggesag"], view.OpenFollowUps.Select(f => f.Title));
        Assert.Equal([1, 5], view.Answers.Select(a => a.Satisfaction!.Value));
        // A consultant prepares the meeting without the company's survey comments; the director reads them (CommentAccess).
        Assert.Null(view.Answers[0].Comment);
        Assert.Equal("Det tog for lang tid.", (await _db.Get<MeetingBriefing>().GetAsync(id, _director))!.Answers[0].Comment);
        var previous = Assert.Single(view.EarlierMeetings);
        Assert.Equal(MeetingStatus.Held, previous.Status);
        Assert.Equal("Fast kontaktperson i BYG", previous.Decisions);
        await using var db = _db.CreateContext();
        Assert.True(await db.AccessLog.AnyAsync(e => e.EntityType == "DialogueMeeting" && e.EntityId == id.ToString() && e.UserName == "konsulent"));

        // The same briefing as a PDF.
        var file = (await _db.Get<Erhvervsdialog.Core.Reports.CompanyReports>().BriefingAsync(id, _owner))!;
        var pdf = PdfRead.From(file.Content);
        Assert.Equal("Mødeforberedelse: Øresund Byg ApS", pdf.Title);
        Assert.Contains("Fast kontaktperson i BYG", pdf.Text);
        Assert.DoesNotContain("Det tog for lang tid.", pdf.Text);
        var forDirector = PdfRead.From((await _db.Get<Erhvervsdialog.Core.Reports.CompanyReports>().BriefingAsync(id, _director))!.Content);
        Assert.Contains("Det tog for lang tid.", forDirector.Text);
        Assert.DoesNotContain("Gammel sag", pdf.Text);
        PdfRead.Render(file.Content, "moedeforberedelse", 1);
    }

    [Fact]
    public async Task Programme_RanksUnmetCompaniesBySize_KeyAccount_LowScores_AndUnits()
    {
        // Size points are the band ÷ 2. Stor: 8/2 = 4. Key Account: 2/2 + 3 = 4 (ties go by name).
        // Utilfreds: 3/2 = 1, two low scores 2 × 2 = 4, two units 2, three contacts 3/2 = 1: 8.
        await CompanyAsync("24256790", "Stor Virksomhed A/S", EmployeeBand.From200To499);
        await CompanyAsync("54562519", "Key Account ApS", EmployeeBand.From1To4, keyAccount: true);
        var unhappy = await CompanyAsync("10103940", "Utilfreds ApS", EmployeeBand.From5To9, tags: ["Vækst"]);
        var met = await CompanyAsync("64942212", "Allerede Mødt ApS", EmployeeBand.From1000);
        var cancelled = await CompanyAsync("35954716", "Aflyst Møde ApS");
        await ContactAsync(unhappy, _byg, 10, "Byggesag", score: 1);
        await ContactAsync(unhappy, _job, 30, "Rekruttering", score: 2);
        await ContactAsync(unhappy, _job, 60, "Løntilskud");
        await MeetingAsync(met, new DateTime(2026, 12, 3, 10, 0, 0));
        var cancelledMeeting = await MeetingAsync(cancelled, new DateTime(2026, 12, 4, 10, 0, 0));
        await _db.Get<PlanMeeting>().CancelAsync(cancelledMeeting, (await _db.Get<MeetingQueries>().GetAsync(cancelledMeeting, _director))!.Version, _director);

        var rows = await _db.Get<DialogueProgramme>().ListAsync(new ProgrammeQuery());

        Assert.Equal(["Utilfreds ApS", "Key Account ApS", "Stor Virksomhed A/S", "Aflyst Møde ApS"], rows.Select(r => r.Name));
        var top = rows[0];
        Assert.Equal((2, 2, 3, 8), (top.LowScores, top.UnitsContacted, top.Contacts, top.Score));
        Assert.Equal(4, rows[1].Score);
        Assert.Equal(4, rows[2].Score);
        Assert.DoesNotContain(rows, r => r.CompanyId == met);

        Assert.Equal(["Utilfreds ApS"], (await _db.Get<DialogueProgramme>().ListAsync(new ProgrammeQuery(Tag: "Vækst"))).Select(r => r.Name));
        Assert.Equal(4, (await _db.Get<DialogueProgramme>().ListAsync(new ProgrammeQuery(Industry: "412000"))).Count);
        Assert.Empty(await _db.Get<DialogueProgramme>().ListAsync(new ProgrammeQuery(Industry: "Landbrug")));
    }

    [Fact]
    public async Task Minutes_CheckInlineFollowUps_RefuseHeldBeforeStart_AndAreMailedToTheCompanyOnly()
    {
        var company = await CompanyAsync("24256790", "Øresund Byg ApS");
        var id = await MeetingAsync(company, new DateTime(2026, 12, 3, 10, 0, 0));
        var minutes = _db.Get<MeetingMinutes>();
        var version = (await _db.Get<MeetingQueries>().GetAsync(id, _director))!.Version;

        var bad = await minutes.SaveAsync(new MinutesCommand
        {
            MeetingId = id, Version = version, Summary = "Referat", MarkHeld = true,
            FollowUps = [new NewFollowUp { Title = "Send vejledning", OwnerId = _owner.UserId }, new NewFollowUp { Title = " ", DueDate = new DateTime(2026, 11, 1) }],
        }, _director);
        Assert.Equal("Mødet kan først markeres som afholdt, når det er begyndt.", bad.Errors["MarkHeld"]);
        Assert.Equal("Skriv hvad der skal gøres.", bad.Errors["FollowUps[1].Title"]);
        Assert.Equal("Vælg en ansvarlig.", bad.Errors["FollowUps[1].OwnerId"]);
        Assert.Equal("Fristen kan ikke ligge før i dag.", bad.Errors["FollowUps[1].DueDate"]);
        await using (var db = _db.CreateContext())
        {
            Assert.Empty(await db.FollowUps.ToListAsync());
            Assert.Null((await db.DialogueMeetings.SingleAsync()).Summary);
        }

        _db.Clock.Now = new DateTimeOffset(2026, 12, 3, 10, 30, 0, TimeSpan.Zero);
        var saved = await minutes.SaveAsync(new MinutesCommand
        {
            MeetingId = id, Version = version, Summary = "Virksomheden vil udvide.", Decisions = "Fast kontakt i BYG", MarkHeld = true,
            FollowUps = [new NewFollowUp { Title = "Send vejledning", OwnerId = _owner.UserId, UnitId = _byg, DueDate = new DateTime(2026, 12, 10) }],
        }, _director);
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Values));
        var stale = await minutes.SaveAsync(new MinutesCommand { MeetingId = id, Version = version, Summary = "Overskriv" }, _director);
        Assert.True(stale.IsConflict);

        var mine = await _db.Get<ManageFollowUps>().ListAsync(FollowUpScope.Mine, false, _owner);
        var followUp = Assert.Single(mine);
        Assert.Equal((FollowUpSource.Meeting, id, "Øresund Byg ApS"), (followUp.Source, followUp.MeetingId!.Value, followUp.CompanyName!));
        // Due at the end of 10-12 Danish time (23:59:59 CET is 22:59:59 UTC).
        Assert.Equal(new DateTime(2026, 12, 10, 22, 59, 59, DateTimeKind.Utc), followUp.DueAt!.Value.AddTicks(-(followUp.DueAt.Value.Ticks % TimeSpan.TicksPerSecond)));

        var meeting = (await _db.Get<MeetingQueries>().GetAsync(id, _director))!;
        Assert.Equal(MeetingStatus.Held, meeting.Status);
        var sent = await minutes.SendAsync(id, meeting.Version, _director);
        Assert.True(sent.Succeeded, string.Join("; ", sent.Errors.Values));
        await using (var db = _db.CreateContext())
        {
            var message = await db.Messages.SingleAsync(m => m.Kind == MessageKind.MeetingMinutes);
            Assert.Equal("aase@firma.dk", message.Recipient);
            Assert.Contains("Det hørte vi:\nVirksomheden vil udvide.", message.Body.ReplaceLineEndings("\n"));
            Assert.Contains("– Send vejledning (ansvarlig: Karl Konsulent, senest 10-12-2026)", message.Body);
            // The minutes go along as a PDF.
            Assert.Equal(("referat-oeresund-byg-aps.pdf", "application/pdf"), (message.AttachmentName!, message.AttachmentType!));
            var pdf = PdfRead.From(message.Attachment!);
            Assert.Equal("Referat: Øresund Byg ApS", pdf.Title);
            Assert.Contains("Send vejledning Karl Konsulent Byggeri 10-12-2026", pdf.Text);
            PdfRead.Render(message.Attachment!, "referat", 1);
        }
    }

    [Fact]
    public async Task CalendarFeed_ShowsOnlyMyMeetings_AndStopsWhenRevoked()
    {
        var company = await CompanyAsync("24256790", "Øresund Byg ApS");
        await MeetingAsync(company, new DateTime(2026, 12, 3, 10, 0, 0));
        var feed = _db.Get<CalendarFeed>();

        var url = await feed.CreateAsync(_director);
        var token = url.Split('/')[^1].Replace(".ics", "", StringComparison.Ordinal);
        var ics = await feed.RenderAsync(token);
        Assert.StartsWith("https://erhverv.example/kalender/", url);
        Assert.NotNull(ics);
        var calendar = Ical.Net.Calendar.Load(ics)!;
        Assert.Equal("PUBLISH", calendar.Method);
        Assert.Equal("Dialogmøde: Øresund Byg ApS", Assert.Single(calendar.Events)!.Summary);

        var ownerUrl = await feed.CreateAsync(_owner);
        Assert.Empty(Ical.Net.Calendar.Load((await feed.RenderAsync(ownerUrl.Split('/')[^1][..^4]))!)!.Events);

        var renewed = await feed.CreateAsync(_director);
        Assert.Null(await feed.RenderAsync(token));
        await feed.RevokeAsync(_director);
        Assert.Null(await feed.RenderAsync(renewed.Split('/')[^1][..^4]));
        Assert.Null(await feed.RenderAsync("kort"));
    }

    [Fact]
    public async Task MorningDigest_ListsDueAndOverdue_OncePerDayEvenWhenRunsOverlap_AndEscalatesLongOverdueToTheUnitManager()
    {
        var company = await CompanyAsync("24256790", "Øresund Byg ApS");
        var follow = _db.Get<ManageFollowUps>();
        // Created on 20-11 so due dates in the past are allowed then.
        _db.Clock.Now = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
        await follow.CreateAsync(new NewFollowUp { Title = "Længe overskredet", CompanyId = company, OwnerId = _owner.UserId, DueDate = new DateTime(2026, 11, 21) }, _owner);
        await follow.CreateAsync(new NewFollowUp { Title = "Lige overskredet", OwnerId = _owner.UserId, UnitId = _byg, DueDate = new DateTime(2026, 11, 25) }, _owner);
        await follow.CreateAsync(new NewFollowUp { Title = "Forfalder i dag", OwnerId = _owner.UserId, DueDate = new DateTime(2026, 11, 26) }, _owner);
        await follow.CreateAsync(new NewFollowUp { Title = "Senere", OwnerId = _owner.UserId, DueDate = new DateTime(2026, 12, 20) }, _owner);

        // 07:00 Danish time on 26-11.
        // Four overlapping runs (a slow run and the next, a retry) and one after: still one digest and one escalation.
        _db.Clock.Now = new DateTimeOffset(2026, 11, 26, 6, 0, 0, TimeSpan.Zero);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => _db.Get<FollowUpDigestJob>().RunAsync())));
        await _db.Get<FollowUpDigestJob>().RunAsync();

        await using var db = _db.CreateContext();
        var digest = await db.Messages.SingleAsync(m => m.Kind == MessageKind.FollowUpDigest);
        Assert.Equal("karl@kommune.dk", digest.Recipient);
        Assert.Equal("Dine opfølgninger: 1 forfalder i dag, 2 er overskredet", digest.Subject);
        Assert.Contains("– Længe overskredet – Øresund Byg ApS (frist 21-11-2026)", digest.Body);
        Assert.Contains("– Forfalder i dag (frist 26-11-2026)", digest.Body);
        Assert.DoesNotContain("Senere", digest.Body);
        Assert.Contains("https://erhverv.example/opfoelgninger", digest.Body);

        // Overdue by more than 3 days: only the first. Its owner is in BYG, whose manager is told, once.
        var escalation = await db.Messages.SingleAsync(m => m.Kind == MessageKind.FollowUpOverdue);
        Assert.Equal("leder@kommune.dk", escalation.Recipient);
        Assert.Equal("Overskredet i 3 dage: Længe overskredet", escalation.Subject);
        Assert.Contains(_db.Jobs.MessageIds, id => id == digest.Id);

        // The next morning: a new digest.
        _db.Clock.Now = new DateTimeOffset(2026, 11, 27, 6, 0, 0, TimeSpan.Zero);
        await _db.Get<FollowUpDigestJob>().RunAsync();
        Assert.Equal(2, await db.Messages.CountAsync(m => m.Kind == MessageKind.FollowUpDigest));
        // "Lige overskredet" (due at the end of 25-11) is not yet 3 days late, and the first is not escalated again.
        Assert.Equal(1, await db.Messages.CountAsync(m => m.Kind == MessageKind.FollowUpOverdue));
    }

    [Fact]
    public async Task FollowUpFromAContact_TakesItsCompanyAndUnit_AndCollectsComments()
    {
        var company = await CompanyAsync("24256790", "Øresund Byg ApS");
        var contact = await ContactAsync(company, _job, 3, "Rekruttering");
        var follow = _db.Get<ManageFollowUps>();

        var created = await follow.CreateAsync(new NewFollowUp { Title = "Find to lærlinge", ContactId = contact, OwnerId = _owner.UserId }, _owner);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Values));
        var empty = await follow.AddCommentAsync(created.Id, "  ", _director);
        Assert.Equal("Skriv en kommentar.", empty.Errors["Comment"]);
        Assert.True((await follow.AddCommentAsync(created.Id, "Jobcentret har to kandidater.", _director)).Succeeded);

        var row = Assert.Single(await follow.ListAsync(FollowUpScope.Mine, false, _owner));
        Assert.Equal((FollowUpSource.Contact, "Øresund Byg ApS", "Jobcenter", 1), (row.Source, row.CompanyName, row.UnitName, row.CommentCount));
        var comment = Assert.Single(await follow.CommentsAsync(created.Id, _owner));
        Assert.Equal(("Jobcentret har to kandidater.", "Birthe Direktør"), (comment.Text, comment.AuthorName));
    }
}
