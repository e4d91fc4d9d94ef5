using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Meetings;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Tests.Core.Users;

/// <summary>The decisions of README's role table (issue 12 §2), each held by the use case, not by a hidden button.</summary>
public class RoleDecisionsTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private Actor _admin = default!;
    private Actor _director = default!;
    private Actor _manager = default!;
    private Actor _caseWorker = default!;
    private int _companyId;
    private int _byg;
    private int _job;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        _director = await _db.CreateUserAsync("direktoer", Roles.Director, "Birthe Direktør", "direktor@kommune.dk");
        _manager = await _db.CreateUserAsync("leder", Roles.Manager, "Mads Leder", "leder@kommune.dk");
        _caseWorker = await _db.CreateUserAsync("laerke", Roles.CaseWorker, "Lærke Sagsbehandler", "laerke@kommune.dk");
        _byg = (await _db.Get<SaveUnit>().HandleAsync(new SaveUnitCommand
        {
            Name = "Byggeri", ShortName = "BYG", Members = [new UnitMemberInput(_manager.UserId, true), new UnitMemberInput(_caseWorker.UserId, false)],
        }, _admin)).Id;
        _job = (await _db.Get<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Jobcenter", ShortName = "JOB" }, _admin)).Id;
        _companyId = (await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = "24256790", Name = "Øresund Byg ApS" }, _admin)).Id;
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    private async Task<int> MeetingAsync(Actor planner, params string[] userIds)
    {
        var start = DanishTime.ToLocal(_db.Clock.GetUtcNow().UtcDateTime).Date.AddDays(7).AddHours(10);
        var result = await _db.Get<PlanMeeting>().HandleAsync(new PlanMeetingCommand
        {
            CompanyId = _companyId, LocalStart = start, LocalEnd = start.AddHours(1), Place = "Rådhuset", UserIds = userIds,
            External = [new ExternalParticipant("Åse Ågesen", "aase@oresund.dk")],
        }, planner);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        return result.Id;
    }

    private async Task<long> VersionAsync(int meetingId)
    {
        await using var db = _db.CreateContext();
        return await db.DialogueMeetings.Where(m => m.Id == meetingId).Select(m => m.Version).SingleAsync();
    }

    [Fact]
    public async Task AManager_ChangesAndCancelsOnlyMeetingsTheyPlannedOrAttend_NotTheDirectors()
    {
        var directors = await MeetingAsync(_director, _director.UserId);
        var attended = await MeetingAsync(_director, _director.UserId, _manager.UserId);
        var own = await MeetingAsync(_manager, _manager.UserId);
        var plan = _db.Get<PlanMeeting>();

        var cancelDirectors = await plan.CancelAsync(directors, await VersionAsync(directors), _manager);
        var cancelAttended = await plan.CancelAsync(attended, await VersionAsync(attended), _manager);
        var cancelOwn = await plan.CancelAsync(own, await VersionAsync(own), _manager);

        Assert.Equal(Erhvervsdialog.Core.Resources.Messages.MeetingForbidden, cancelDirectors.Errors[CommandResult.ConflictKey]);
        Assert.True(cancelAttended.Succeeded);
        Assert.True(cancelOwn.Succeeded);
        await using var db = _db.CreateContext();
        Assert.Equal(MeetingStatus.Planned, (await db.DialogueMeetings.SingleAsync(m => m.Id == directors)).Status);
    }

    [Fact]
    public async Task ACaseWorkerWhoTakesPart_WritesTheMinutes_ButOnlyAPlannerMailsThemToTheCompany()
    {
        var id = await MeetingAsync(_director, _director.UserId, _caseWorker.UserId);
        var minutes = _db.Get<MeetingMinutes>();

        var written = await minutes.SaveAsync(new MinutesCommand { MeetingId = id, Version = await VersionAsync(id), Summary = "God snak" }, _caseWorker);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => minutes.SendAsync(id, 0, _caseWorker));
        var sent = await minutes.SendAsync(id, await VersionAsync(id), _director);

        Assert.True(written.Succeeded, string.Join("; ", written.Errors.Values));
        Assert.True(sent.Succeeded, string.Join("; ", sent.Errors.Values));
    }

    [Fact]
    public async Task AContactsCreator_CorrectsIt_ButMovesItOnlyToAUnitOfTheirOwn()
    {
        var save = _db.Get<SaveContact>();
        var command = new SaveContactCommand
        {
            CompanyId = _companyId, UnitId = _byg, OccurredAt = _db.Clock.GetUtcNow().UtcDateTime.AddHours(-1), Channel = ContactChannel.Phone,
            Topic = "byggetilladelse", Status = ContactStatus.Open,
        };
        var created = await save.HandleAsync(command, _caseWorker);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Values));

        var corrected = await save.HandleAsync(command with { Id = created.Id, Version = await VersionOfContactAsync(created.Id), Summary = "Rettet" }, _caseWorker);
        var moved = await save.HandleAsync(command with { Id = created.Id, Version = await VersionOfContactAsync(created.Id), UnitId = _job }, _caseWorker);
        var movedByDirector = await save.HandleAsync(command with { Id = created.Id, Version = await VersionOfContactAsync(created.Id), UnitId = _job }, _director);

        Assert.True(corrected.Succeeded, string.Join("; ", corrected.Errors.Values));
        Assert.Equal("Du kan kun flytte henvendelsen til en enhed, du selv hører til.", moved.Errors["UnitId"]);
        Assert.True(movedByDirector.Succeeded, string.Join("; ", movedByDirector.Errors.Values));
    }

    private async Task<long> VersionOfContactAsync(int id)
    {
        await using var db = _db.CreateContext();
        return await db.Contacts.Where(c => c.Id == id).Select(c => c.Version).SingleAsync();
    }

    [Fact]
    public void AConsultant_UsesTheDialogueProgramme_AsTheTableSays_ButDoesNotPlanMeetings()
    {
        var consultant = new Actor("k", "konsulent", new HashSet<string> { Roles.Consultant });

        Assert.True(consultant.May(Policies.SeeProgramme));
        Assert.False(consultant.May(Policies.PlanMeetings));
        Assert.False(_caseWorker.May(Policies.SeeProgramme));
    }
}
