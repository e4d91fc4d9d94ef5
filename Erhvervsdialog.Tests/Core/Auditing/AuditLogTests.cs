using Erhvervsdialog.Core.Api;
using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Tests.Core.Auditing;

/// <summary>The audit log of administrative acts, the reads the access log covers, and both logs' retention.</summary>
public class AuditLogTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private Actor _admin = default!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _admin = await _db.CreateUserAsync("admin", Roles.Administrator);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    private async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = _db.CreateContext();
        return await db.AuditLog.OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task UsersRolesAndDeactivation_AreAudited_WithBeforeAndAfter()
    {
        var save = _db.Get<SaveUser>();
        var created = await save.HandleAsync(new SaveUserCommand
        {
            UserName = "laerke", FullName = "Lærke Nielsen", Email = "laerke@kommune.dk", Password = "en lang nok adgangskode", Roles = [Roles.CaseWorker],
        }, _admin);
        Assert.True(created.Succeeded);
        var users = await _db.Get<ListUsers>().HandleAsync(_admin);
        var stamp = users.Single(u => u.Id == created.Id).ConcurrencyStamp;
        var promoted = await save.HandleAsync(new SaveUserCommand
        {
            Id = created.Id, ConcurrencyStamp = stamp, UserName = "laerke", FullName = "Lærke Nielsen", Email = "laerke@kommune.dk",
            Roles = [Roles.Manager], IsActive = false,
        }, _admin);
        Assert.True(promoted.Succeeded, string.Join("; ", promoted.Errors.Values));

        var audit = (await AuditAsync()).Where(e => e.Subject == "Bruger Lærke Nielsen (laerke)").ToList();
        Assert.Equal([AuditAction.UserCreated, AuditAction.UserDeactivated, AuditAction.RolesChanged], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal("admin", e.UserName));
        Assert.Equal(("roller: Sagsbehandler", "roller: Leder"), (audit[2].Before, audit[2].After));
    }

    [Fact]
    public async Task ApiKeysOutboxDecisionsAndReadingTheAccessLog_AreAudited()
    {
        var unit = (await _db.Get<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Byggeri", ShortName = "BYG" }, _admin)).Id;
        var keys = _db.Get<ApiKeys>();
        var (key, _) = await keys.CreateAsync("ESDH Byg", false, [unit], _admin);
        await keys.RevokeAsync(key.Id, _admin);
        int messageId;
        await using (var db = _db.CreateContext())
        {
            var message = new Message
            {
                Kind = MessageKind.FollowUpCreated, Channel = MessageChannel.Email, Recipient = "leder@kommune.dk", Body = "x",
                Status = MessageStatus.NeedsReview, CreatedAt = _db.Clock.GetUtcNow().UtcDateTime, DueAt = _db.Clock.GetUtcNow().UtcDateTime,
            };
            db.Messages.Add(message);
            await db.SaveChangesAsync();
            messageId = message.Id;
        }
        await _db.Get<Outbox>().MarkSentAsync(messageId, _admin);
        await _db.Get<GetAccessLog>().HandleAsync(new AccessLogQuery(null, null, null, null, 0, 50), _admin);

        var audit = (await AuditAsync()).Where(e => e.Action != AuditAction.UserCreated).ToList(); // the test's own admin
        Assert.Equal([AuditAction.ApiKeyCreated, AuditAction.ApiKeyRevoked, AuditAction.MessageMarkedReceived, AuditAction.AccessLogRead],
            audit.Select(e => e.Action));
        Assert.StartsWith("API-nøgle ESDH Byg", audit[0].Subject);
        Assert.Equal("enheder: BYG; må oprette virksomheder: nej", audit[0].After);
        Assert.Equal($"Besked {messageId} (FollowUpCreated) til leder@kommune.dk", audit[2].Subject);
    }

    [Fact]
    public async Task TheContactsListAndTheOutbox_AreReadsOnRecord()
    {
        await _db.Get<SearchContacts>().HandleAsync(new ContactQuery(), _admin);
        await _db.Get<Outbox>().ListAsync(new OutboxQuery(), _admin);

        await using var db = _db.CreateContext();
        var log = await db.AccessLog.OrderBy(e => e.Id).ToListAsync();
        Assert.Contains(log, e => e.EntityType == "Contact" && e.Action == AccessAction.Search && e.Detail!.StartsWith("0 af 0 henvendelser"));
        Assert.Contains(log, e => e.EntityType == "Message" && e.Action == AccessAction.Read && e.Detail == "Udbakken, side 1");
    }
}
