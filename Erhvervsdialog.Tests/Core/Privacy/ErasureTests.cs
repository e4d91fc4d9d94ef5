using System.Text;
using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Meetings;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Tests.Core.Privacy;

public class ErasureTests : IAsyncLifetime
{
    private const string Name = "Åse Ågesen-Østergård";
    private const string Email = "aase@oresund.dk";
    private const string Mobile = "+4521436587";
    private readonly TestDatabase _db = new();
    private Actor _admin = default!;
    private Actor _director = default!;
    private int _companyId;
    private int _personId;
    private int _unitId;

    public async Task InitializeAsync()
    {
        _db.Clock.Now = TestDatabase.FixedDate;
        await _db.InitializeAsync();
        _admin = await _db.CreateUserAsync("admin", Roles.Administrator);
        _director = await _db.CreateUserAsync("direktoer", Roles.Director, "Birthe Direktør", "direktor@kommune.dk");
        _unitId = (await _db.Get<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Byggeri", ShortName = "BYG" }, _admin)).Id;
        _companyId = (await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = "24256790", Name = "Øresund Byg ApS" }, _admin)).Id;
        _personId = (await _db.Get<SaveContactPerson>().HandleAsync(
            new SaveContactPersonCommand { CompanyId = _companyId, Name = Name, Email = Email, Mobile = "21 43 65 87" }, _admin)).Id;
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    /// <summary>Every text and blob cell in every table of the database that contains one of the words.</summary>
    private async Task<List<string>> CellsContainingAsync(params string[] words)
    {
        var found = new List<string>();
        await using var db = _db.CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = db.Database.IsSqlite()
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var text = reader.GetValue(i) switch
                    {
                        string s => s,
                        byte[] bytes => Encoding.UTF8.GetString(bytes).Replace("\r\n ", "", StringComparison.Ordinal),
                        // PostgreSQL's own types: the search vector's words, arrays.
                        DBNull or ValueType => null,
                        { } other => other is System.Collections.IEnumerable list and not string
                            ? string.Join(' ', list.Cast<object>()) : other.ToString(),
                    };
                    if (text is not null && words.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)))
                    {
                        found.Add($"{table}.{reader.GetName(i)}");
                    }
                }
            }
        }
        return found;
    }

    [Fact]
    public async Task DeletingAContactPerson_LeavesTheirNameEmailAndMobileNowhere_ButKeepsTheStatistics()
    {
        // A contact with the person, its survey by e-mail and a reminder by SMS, and a meeting they were invited to.
        var contactId = (await _db.Get<SaveContact>().HandleAsync(new SaveContactCommand
        {
            CompanyId = _companyId, ContactPersonId = _personId, UnitId = _unitId, OccurredAt = _db.Clock.GetUtcNow().UtcDateTime.AddHours(-1),
            Channel = ContactChannel.Phone, Summary = $"Talt med {Name} om byggetilladelsen.", Status = ContactStatus.Open,
        }, _admin)).Id;
        await using (var db = _db.CreateContext())
        {
            var version = await db.SurveyTemplateVersions.Select(v => v.Id).FirstAsync();
            var invitation = new SurveyInvitation
            {
                ContactId = contactId, CompanyId = _companyId, UnitId = _unitId, TemplateVersionId = version, Channel = SurveyChannel.Email,
                Recipient = Email, TokenNonce = [1], TokenHash = [2], Status = InvitationStatus.Answered, CreatedAt = _db.Clock.GetUtcNow().UtcDateTime,
            };
            db.SurveyInvitations.Add(invitation);
            await db.SaveChangesAsync();
            db.Messages.AddRange(
                new Message { Kind = MessageKind.SurveyInvitation, Channel = MessageChannel.Email, Recipient = Email, Subject = "Hvordan gik det?", Body = $"Kære {Name}", Status = MessageStatus.Sent, SurveyInvitationId = invitation.Id },
                new Message { Kind = MessageKind.SurveyReminder, Channel = MessageChannel.Sms, Recipient = Mobile, Body = "Husk svaret", Status = MessageStatus.Scheduled, SurveyInvitationId = invitation.Id });
            await db.SaveChangesAsync();
        }
        var meeting = await _db.Get<PlanMeeting>().HandleAsync(new PlanMeetingCommand
        {
            CompanyId = _companyId, LocalStart = new DateTime(2027, 3, 26, 10, 0, 0), LocalEnd = new DateTime(2027, 3, 26, 11, 0, 0),
            Place = "Rådhuset", Purpose = "Vækst", Agenda = ["Velkomst"], UserIds = [_director.UserId], ContactPersonIds = [_personId],
        }, _director);
        Assert.True(meeting.Succeeded, string.Join("; ", meeting.Errors.Values));
        Assert.NotEmpty(await CellsContainingAsync(Name, Email, Mobile));

        var deleted = await _db.Get<SaveContactPerson>().DeleteAsync(_companyId, _personId, _admin);

        Assert.True(deleted.Succeeded);
        Assert.Empty(await CellsContainingAsync(Name, Email, Mobile));
        await using var check = _db.CreateContext();
        Assert.Equal(Erhvervsdialog.Core.Privacy.ContactPersonErasure.Erased, (await check.SurveyInvitations.SingleAsync()).Recipient);
        Assert.Equal("Talt med [slettet] om byggetilladelsen.", (await check.Contacts.SingleAsync()).Summary);
        Assert.Null((await check.Contacts.SingleAsync()).ContactPersonId);
        Assert.Equal(MessageStatus.Cancelled, (await check.Messages.SingleAsync(m => m.Kind == MessageKind.SurveyReminder)).Status);
        // The meeting keeps both participants; the company's is anonymous. The director's invitation keeps its calendar file.
        Assert.Equal(["Birthe Direktør", "Slettet kontaktperson"], (await check.MeetingParticipants.Select(p => p.Name).ToListAsync()).Order());
        Assert.NotNull((await check.Messages.FirstAsync(m => m.Kind == MessageKind.MeetingInvitation && m.Recipient == "direktor@kommune.dk")).Attachment);
        var log = await check.AccessLog.Where(e => e.EntityType == nameof(ContactPerson) && e.Action == AccessAction.Delete).SingleAsync();
        Assert.Equal(_personId.ToString(), log.EntityId);
        Assert.StartsWith("Slettet med alle kopier", log.Detail);
    }
}
