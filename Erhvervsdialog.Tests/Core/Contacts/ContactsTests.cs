using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Tests.Core.Contacts;

public class ContactsTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private Actor _admin = default!;
    private Actor _builder = default!;
    private Actor _jobcenter = default!;
    private int _byg;
    private int _job;
    private int _company;

    public async Task InitializeAsync()
    {
        // Written against fixed dates in November and December 2026: the test sets that date on purpose.
        _db.Clock.Now = TestDatabase.FixedDate;
        await _db.InitializeAsync();
        _admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        _builder = await _db.CreateUserAsync("bygsag", Roles.CaseWorker);
        _jobcenter = await _db.CreateUserAsync("jobsag", Roles.CaseWorker);
        var units = _db.Get<SaveUnit>();
        _byg = (await units.HandleAsync(new SaveUnitCommand
        {
            Name = "Byggeri", ShortName = "byg", Topics = ["byggetilladelse", " ", "Byggetilladelse"],
            Members = [new UnitMemberInput(_builder.UserId, false)],
        }, _admin)).Id;
        _job = (await units.HandleAsync(new SaveUnitCommand
        {
            Name = "Jobcenter", ShortName = "JOB", Topics = ["rekruttering"], Members = [new UnitMemberInput(_jobcenter.UserId, true)],
        }, _admin)).Id;
        _company = (await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = "24256790", Name = "Øresund Byg ApS" }, _admin)).Id;
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    private static DateTime At(int day, int hour = 10) => new(2026, 11, day, hour, 0, 0, DateTimeKind.Utc);

    private Task<CommandResult> LogAsync(int unit, DateTime at, Actor by, string topic = "byggetilladelse",
        ContactStatus status = ContactStatus.Open, DateTime? closedAt = null) =>
        _db.Get<SaveContact>().HandleAsync(new SaveContactCommand
        {
            CompanyId = _company, UnitId = unit, OccurredAt = at, Channel = ContactChannel.Phone, Topic = topic,
            CaseWorkerId = by.UserId, Status = status, ClosedAt = closedAt, Summary = $"{topic} {at:dd}",
        }, by);

    [Fact]
    public async Task SaveUnit_NormalisesShortNameAndTopics_RejectsDuplicateShortName()
    {
        var units = await _db.Get<ListUnits>().HandleAsync();
        Assert.Equal("BYG", units.Single(u => u.Id == _byg).ShortName);
        Assert.Equal(["byggetilladelse"], units.Single(u => u.Id == _byg).Topics);

        var duplicate = await _db.Get<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Andet", ShortName = "Byg" }, _admin);

        Assert.Equal("Kortnavnet er allerede i brug af en anden enhed.", duplicate.Errors["ShortName"]);
    }

    [Fact]
    public async Task Timeline_AcrossUnits_NewestFirst_WithNotesAndWhoHasBeenInTouch()
    {
        await LogAsync(_byg, At(3), _builder);
        await LogAsync(_job, At(10), _jobcenter, "rekruttering");
        await LogAsync(_byg, At(7), _builder);
        _db.Clock.Now = new DateTimeOffset(At(8), TimeSpan.Zero);
        await _db.Get<AddCompanyNote>().HandleAsync(_company, "Ringede om møde med direktøren", _admin);

        var timeline = await _db.Get<GetCompanyTimeline>().HandleAsync(new TimelineQuery(_company, _admin));

        Assert.Equal(4, timeline.Total);
        Assert.Equal([At(10), At(8), At(7), At(3)], timeline.Items.Select(i => i.At));
        Assert.Equal([TimelineKind.Contact, TimelineKind.Note, TimelineKind.Contact, TimelineKind.Contact], timeline.Items.Select(i => i.Kind));
        Assert.Equal("Jobcenter", timeline.Items[0].UnitName);
        Assert.Equal(("Jobcenter", At(10), 1), (timeline.Units[0].Name, timeline.Units[0].LastAt, timeline.Units[0].Count));
        Assert.Equal(("Byggeri", At(7), 2), (timeline.Units[1].Name, timeline.Units[1].LastAt, timeline.Units[1].Count));
        Assert.Equal(["Test jobsag", "Test bygsag"], timeline.People.Select(p => p.Name));
        Assert.Equal("BYG", timeline.People[1].Detail);
    }

    [Fact]
    public async Task Timeline_FilterByUnitAndKind_AndTakeLimitsButTotalCountsAll()
    {
        for (var day = 1; day <= 5; day++)
        {
            await LogAsync(day % 2 == 0 ? _job : _byg, At(day), _admin);
        }
        await _db.Get<AddCompanyNote>().HandleAsync(_company, "note", _admin);
        var timeline = _db.Get<GetCompanyTimeline>();

        var byg = await timeline.HandleAsync(new TimelineQuery(_company, _admin, UnitId: _byg));
        var notes = await timeline.HandleAsync(new TimelineQuery(_company, _admin, Kind: TimelineKind.Note));
        var firstTwo = await timeline.HandleAsync(new TimelineQuery(_company, _admin, Kind: TimelineKind.Contact, Take: 2));

        Assert.Equal([At(5), At(3), At(1)], byg.Items.Select(i => i.At));
        Assert.Equal("note", Assert.Single(notes.Items).Text);
        Assert.Equal(5, firstTwo.Total);
        Assert.Equal([At(5), At(4)], firstTwo.Items.Select(i => i.At));
    }

    [Fact]
    public async Task SaveContact_ClosingWithoutDate_UsesNow_AndClosedBeforeOccurredIsRefused()
    {
        _db.Clock.Now = new DateTimeOffset(At(20), TimeSpan.Zero);
        var closed = await LogAsync(_byg, At(10), _builder, status: ContactStatus.Closed);
        var wrong = await LogAsync(_byg, At(10), _builder, status: ContactStatus.Closed, closedAt: At(9));

        Assert.True(closed.Succeeded);
        Assert.Equal("Afslutningsdatoen kan ikke ligge før henvendelsen.", wrong.Errors["ClosedAt"]);
        await using var db = _db.CreateContext();
        var contact = await db.Contacts.SingleAsync();
        Assert.Equal(At(20), contact.ClosedAt);
    }

    [Fact]
    public async Task SaveContact_CaseDates_Kept_AndImpossibleOnesRefusedAtTheirField()
    {
        _db.Clock.Now = new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
        var save = _db.Get<SaveContact>();
        SaveContactCommand Command(DateOnly? received, DateOnly? decided) => new()
        {
            CompanyId = _company, UnitId = _byg, OccurredAt = _db.Clock.Now.UtcDateTime.AddHours(-1), CaseReceivedOn = received, CaseDecidedOn = decided,
        };

        var decidedBeforeReceived = await save.HandleAsync(Command(new DateOnly(2026, 11, 10), new DateOnly(2026, 11, 9)), _builder);
        var decidedOnly = await save.HandleAsync(Command(null, new DateOnly(2026, 11, 9)), _builder);
        var tomorrow = await save.HandleAsync(Command(new DateOnly(2026, 11, 27), null), _builder);
        var good = await save.HandleAsync(Command(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 20)), _builder);

        Assert.Equal("Sagen kan ikke være afgjort, før den blev modtaget.", decidedBeforeReceived.Errors["CaseDecidedOn"]);
        Assert.Equal("Angiv også, hvornår sagen blev modtaget, når den er afgjort.", decidedOnly.Errors["CaseReceivedOn"]);
        Assert.Equal("Datoen ligger i fremtiden.", tomorrow.Errors["CaseReceivedOn"]);
        Assert.True(good.Succeeded);
        await using var db = _db.CreateContext();
        var contact = await db.Contacts.SingleAsync();
        Assert.Equal((new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 20)), (contact.CaseReceivedOn, contact.CaseDecidedOn));
    }

    [Fact]
    public async Task SaveContact_MissingCompanyAndUnit_DanishMessagesAndNothingSaved()
    {
        var result = await _db.Get<SaveContact>().HandleAsync(new SaveContactCommand { OccurredAt = null }, _builder);

        Assert.Equal("Vælg en virksomhed.", result.Errors["CompanyId"]);
        Assert.Equal("Vælg en enhed.", result.Errors["UnitId"]);
        Assert.Equal("Skal udfyldes.", result.Errors["OccurredAt"]);
        await using var db = _db.CreateContext();
        Assert.Equal(0, await db.Contacts.CountAsync());
    }

    [Fact]
    public async Task SaveContact_CaseWorkerOfAnotherUnit_CannotChangeIt_MemberOfTheUnitCan()
    {
        var created = await LogAsync(_byg, At(5), _builder);
        var edit = new SaveContactCommand
        {
            Id = created.Id, Version = 1, CompanyId = _company, UnitId = _byg, OccurredAt = At(5), Summary = "ændret",
        };

        var outsider = await _db.Get<SaveContact>().HandleAsync(edit, _jobcenter);
        var member = await _db.Get<SaveContact>().HandleAsync(edit, _builder);

        Assert.Equal("Du kan kun ændre henvendelser i dine egne enheder eller dem, du selv er sagsbehandler på.",
            outsider.Errors[CommandResult.ConflictKey]);
        Assert.True(member.Succeeded);
    }

    [Fact]
    public async Task SearchContacts_FiltersAndExportLogsAccess()
    {
        await LogAsync(_byg, At(3), _builder);
        await LogAsync(_job, At(10), _jobcenter, "rekruttering", ContactStatus.Closed);
        await LogAsync(_byg, At(20), _builder);
        var search = _db.Get<SearchContacts>();

        var byg = await search.HandleAsync(new ContactQuery { UnitId = _byg }, _admin);
        var period = await search.HandleAsync(new ContactQuery { From = At(5), To = At(21) }, _admin);
        var closed = await search.HandleAsync(new ContactQuery { Status = ContactStatus.Closed }, _admin);
        var topic = await search.HandleAsync(new ContactQuery { Topic = "rekruttering" }, _admin);
        var export = await search.ExportAsync(new ContactQuery { CaseWorkerId = _builder.UserId, Descending = false }, _admin);

        Assert.Equal(2, byg.Total);
        Assert.Equal([At(20), At(10)], period.Items.Select(c => c.OccurredAt));
        Assert.Equal("JOB", Assert.Single(closed.Items).UnitShortName);
        Assert.Single(topic.Items);
        Assert.Equal([At(3), At(20)], export.Select(c => c.OccurredAt));
        await using var db = _db.CreateContext();
        Assert.Contains(await db.AccessLog.ToListAsync(), e => e.Action == Erhvervsdialog.Core.Auditing.AccessAction.Export && e.Detail!.StartsWith("2 henvendelser"));
    }
}
