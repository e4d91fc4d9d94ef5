using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Meetings;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;

namespace Erhvervsdialog.Tests.Core.Users;

/// <summary>Core's entry points check the policy table themselves: a page that forgot would still be refused.</summary>
public class PoliciesTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task AccessLog_ReadOnlyByAdministrators()
    {
        var admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        var director = await _db.CreateUserAsync("direktør", Roles.Director);
        var query = new AccessLogQuery(null, null, null, null, 0, 25);

        await _db.Get<GetAccessLog>().HandleAsync(query, admin);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _db.Get<GetAccessLog>().HandleAsync(query, director));
    }

    [Fact]
    public async Task MeetingForEditing_OnlyForPlanners()
    {
        var manager = await _db.CreateUserAsync("leder", Roles.Manager);
        var consultant = await _db.CreateUserAsync("konsulent", Roles.Consultant);

        Assert.Null(await _db.Get<MeetingQueries>().GetAsync(1, manager));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _db.Get<MeetingQueries>().GetAsync(1, consultant));
    }

    [Theory]
    [InlineData(Roles.Administrator, true, true)]
    [InlineData(Roles.Director, true, true)]
    [InlineData(Roles.Manager, true, false)]
    [InlineData(Roles.Consultant, false, false)]
    [InlineData(Roles.CaseWorker, false, false)]
    public void ReadComments_EveryUnitOnlyForTheTop_OwnUnitsForManagers(string role, bool may, bool everyRecord)
    {
        var actor = new Erhvervsdialog.Core.Common.Actor("id", "navn", new HashSet<string> { role });

        Assert.Equal((may, everyRecord), (actor.May(Policies.ReadComments), actor.MayOnEveryRecord(Policies.ReadComments)));
    }
}
