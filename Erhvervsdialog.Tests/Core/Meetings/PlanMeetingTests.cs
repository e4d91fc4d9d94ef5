using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Meetings;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;

namespace Erhvervsdialog.Tests.Core.Meetings;

public class PlanMeetingTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private Actor _director = default!;
    private int _companyId;
    private int _personWithEmail;
    private int _personWithoutEmail;

    public async Task InitializeAsync()
    {
        // Written against fixed dates in November and December 2026: the test sets that date on purpose.
        _db.Clock.Now = TestDatabase.FixedDate;
        await _db.InitializeAsync();
        var admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        var created = await _db.Get<SaveUser>().HandleAsync(new SaveUserCommand
        {
            UserName = "direktoer", FullName = "Birthe Direktør", Email = "direktor@kommune.dk", Password = "en lang nok adgangskode", Roles = [Roles.Director],
        }, admin);
        _director = new Actor(created.Id!, "direktoer", new HashSet<string> { Roles.Director });
        _companyId = (await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = "24256790", Name = "Øresund Byg ApS" }, admin)).Id;
        var persons = _db.Get<SaveContactPerson>();
        _personWithEmail = (await persons.HandleAsync(new SaveContactPersonCommand { CompanyId = _companyId, Name = "Åse Ågesen", Email = "aase@oresund.dk" }, admin)).Id;
        _personWithoutEmail = (await persons.HandleAsync(new SaveContactPersonCommand { CompanyId = _companyId, Name = "Bo Uden Mail" }, admin)).Id;
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    private PlanMeetingCommand Meeting(DateTime localStart, DateTime localEnd) => new()
    {
        CompanyId = _companyId, LocalStart = localStart, LocalEnd = localEnd, Place = "Rådhuset, Stengade 59",
        Purpose = "Dialog om vækstplaner", Agenda = ["Velkomst", " ", "Byggesager"],
        UserIds = [_director.UserId], ContactPersonIds = [_personWithEmail],
    };

    [Fact]
    public async Task Plan_StoresUtc_KeepingDanishWallClockAcrossDaylightSaving()
    {
        var winter = await _db.Get<PlanMeeting>().HandleAsync(Meeting(new DateTime(2026, 12, 3, 10, 0, 0), new DateTime(2026, 12, 3, 11, 30, 0)), _director);
        var summer = await _db.Get<PlanMeeting>().HandleAsync(Meeting(new DateTime(2027, 3, 29, 10, 0, 0), new DateTime(2027, 3, 29, 11, 0, 0)), _director);

        Assert.True(winter.Succeeded && summer.Succeeded);
        var meetings = await _db.Get<MeetingQueries>().ListAsync(_director, null, null);
        Assert.Equal(new DateTime(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc), meetings[0].StartsAt);
        Assert.Equal(new DateTime(2027, 3, 29, 8, 0, 0, DateTimeKind.Utc), meetings[1].StartsAt);
        Assert.Equal(["Velkomst", "Byggesager"], meetings[0].Agenda);
        Assert.Equal(["Birthe Direktør", "Åse Ågesen"], meetings[0].Participants.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task BadInput_DanishMessages_NothingSaved()
    {
        var plan = _db.Get<PlanMeeting>();

        var endBeforeStart = await plan.HandleAsync(Meeting(new DateTime(2026, 12, 3, 10, 0, 0), new DateTime(2026, 12, 3, 9, 0, 0)), _director);
        var past = await plan.HandleAsync(Meeting(new DateTime(2026, 11, 1, 10, 0, 0), new DateTime(2026, 11, 1, 11, 0, 0)), _director);
        var skipped = await plan.HandleAsync(Meeting(new DateTime(2027, 3, 28, 2, 30, 0), new DateTime(2027, 3, 28, 4, 0, 0)), _director);
        var noEmail = await plan.HandleAsync(Meeting(new DateTime(2026, 12, 3, 10, 0, 0), new DateTime(2026, 12, 3, 11, 0, 0))
            with
        { ContactPersonIds = [_personWithoutEmail], External = [new ExternalParticipant("Gæst", "gæst@")] }, _director);

        Assert.Equal("Mødet skal slutte efter, det begynder.", endBeforeStart.Errors["LocalEnd"]);
        Assert.Equal("Mødet kan ikke planlægges i fortiden.", past.Errors["LocalStart"]);
        Assert.StartsWith("Det klokkeslæt findes ikke den dag", skipped.Errors["LocalStart"]);
        Assert.Equal("Bo Uden Mail har ingen gyldig e-mailadresse og kan ikke inviteres.", noEmail.Errors["Participants"]);
        Assert.Empty(await _db.Get<MeetingQueries>().ListAsync(_director, null, null));
    }

    [Fact]
    public async Task CaseWorker_CannotPlan_TwoEditorsAtOnce_SecondGetsConflict_CancelledMeetingStays()
    {
        var worker = await _db.CreateUserAsync("lærke", Roles.CaseWorker);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() =>
            _db.Get<PlanMeeting>().HandleAsync(Meeting(new DateTime(2026, 12, 3, 10, 0, 0), new DateTime(2026, 12, 3, 11, 0, 0)), worker));

        var plan = _db.Get<PlanMeeting>();
        var created = await plan.HandleAsync(Meeting(new DateTime(2026, 12, 3, 10, 0, 0), new DateTime(2026, 12, 3, 11, 0, 0)), _director);
        var version = (await _db.Get<MeetingQueries>().ListAsync(_director, null, null)).Single().Version;
        var first = await plan.HandleAsync(Meeting(new DateTime(2026, 12, 4, 10, 0, 0), new DateTime(2026, 12, 4, 11, 0, 0)) with { Id = created.Id, Version = version }, _director);
        var second = await plan.HandleAsync(Meeting(new DateTime(2026, 12, 5, 10, 0, 0), new DateTime(2026, 12, 5, 11, 0, 0)) with { Id = created.Id, Version = version }, _director);
        var cancelled = await plan.CancelAsync(created.Id, version + 1, _director);

        Assert.True(first.Succeeded);
        Assert.True(second.IsConflict);
        Assert.True(cancelled.Succeeded);
        var meeting = (await _db.Get<MeetingQueries>().ListAsync(_director, null, null)).Single();
        Assert.Equal((4, MeetingStatus.Cancelled), (DanishTime.ToLocal(meeting.StartsAt).Day, meeting.Status));
    }

    [Fact]
    public async Task PlannedMeeting_AppearsOnTheCompanyTimeline()
    {
        await _db.Get<PlanMeeting>().HandleAsync(Meeting(new DateTime(2026, 12, 3, 10, 0, 0), new DateTime(2026, 12, 3, 11, 0, 0)), _director);

        var timeline = await _db.Get<Erhvervsdialog.Core.Contacts.GetCompanyTimeline>()
            .HandleAsync(new Erhvervsdialog.Core.Contacts.TimelineQuery(_companyId, _director, Kind: Erhvervsdialog.Core.Contacts.TimelineKind.Meeting));

        var item = Assert.Single(timeline.Items);
        Assert.Equal(("planlagt", "Dialog om vækstplaner"), (item.Title, item.Text));
        Assert.Contains("Åse Ågesen", item.Who);
    }
}
