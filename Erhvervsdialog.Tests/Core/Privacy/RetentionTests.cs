using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Privacy;
using Erhvervsdialog.Core.Reports;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Tests.Core.Privacy;

public class RetentionTests : IAsyncLifetime
{
    private readonly TestDatabase _db = new();
    private Actor _admin = default!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _admin = await _db.CreateUserAsync("admin", Roles.Administrator);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task TheNightlyJob_ErasesAnonymisesAndDeletesOnlyWhatIsPastItsTime_SaysWhat_AndDoesNothingTheSecondTime()
    {
        var now = _db.Clock.GetUtcNow().UtcDateTime;
        var unit = (await _db.Get<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Byggeri", ShortName = "BYG" }, _admin)).Id;
        var company = (await _db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand { Cvr = "24256790", Name = "Øresund Byg ApS" }, _admin)).Id;
        var save = _db.Get<SaveContactPerson>();
        var idle = (await save.HandleAsync(new SaveContactPersonCommand { CompanyId = company, Name = "Ingen Aktivitet", Email = "idle@firma.dk" }, _admin)).Id;
        var active = (await save.HandleAsync(new SaveContactPersonCommand { CompanyId = company, Name = "Stadig Aktiv" }, _admin)).Id;
        var recent = (await save.HandleAsync(new SaveContactPersonCommand { CompanyId = company, Name = "Ny Person" }, _admin)).Id;
        async Task<int> ContactAsync(int? person) => (await _db.Get<SaveContact>().HandleAsync(new SaveContactCommand
        {
            CompanyId = company, ContactPersonId = person, UnitId = unit, OccurredAt = now.AddYears(-1), Channel = ContactChannel.Phone,
            Status = ContactStatus.Open,
        }, _admin)).Id;
        int[] contacts = [await ContactAsync(active), await ContactAsync(null)];
        await using (var db = _db.CreateContext())
        {
            await db.ContactPersons.Where(p => p.Id != recent).ExecuteUpdateAsync(s => s.SetProperty(p => p.UpdatedAt, now.AddYears(-6)));
            var version = await db.SurveyTemplateVersions.Select(v => v.Id).FirstAsync();
            SurveyResponse Response(int years, string comment, int contact) => new()
            {
                Invitation = new SurveyInvitation
                {
                    ContactId = contact, CompanyId = company, UnitId = unit, TemplateVersionId = version, Recipient = "svar@firma.dk",
                    TokenNonce = [1], TokenHash = [(byte)years], Status = InvitationStatus.Answered, CreatedAt = now.AddYears(-years),
                },
                TemplateVersionId = version, SubmittedAt = now.AddYears(-years), UnitId = unit, CompanyId = company, Satisfaction = 2,
                Comment = comment, Answers = [new SurveyAnswer { QuestionId = 1, Text = comment }, new SurveyAnswer { QuestionId = 2, Number = 2 }],
            };
            db.SurveyResponses.AddRange(Response(3, "Gammel kommentar", contacts[0]), Response(1, "Ny kommentar", contacts[1]));
            db.Messages.AddRange(
                new Message { Kind = MessageKind.FollowUpDigest, Recipient = "a@kommune.dk", Body = "gammel", Status = MessageStatus.Sent, CreatedAt = now.AddMonths(-7) },
                new Message { Kind = MessageKind.FollowUpDigest, Recipient = "b@kommune.dk", Body = "ny", Status = MessageStatus.Sent, CreatedAt = now.AddMonths(-5) });
            db.Reports.AddRange(
                new StoredReport { Title = "Gammel", CreatedAt = now.AddYears(-6), Content = [1] },
                new StoredReport { Title = "Ny", CreatedAt = now.AddYears(-4), Content = [1] });
            db.AccessLog.AddRange(
                new AccessLogEntry { At = now.AddMonths(-7), UserId = "u", UserName = "gammel", EntityType = "Company" },
                new AccessLogEntry { At = now.AddMonths(-5), UserId = "u", UserName = "ny", EntityType = "Company" });
            db.AuditLog.AddRange(
                new AuditEntry { At = now.AddYears(-6), UserId = "u", UserName = "gammel", Action = AuditAction.ApiKeyCreated, Subject = "x" },
                new AuditEntry { At = now.AddYears(-4), UserId = "u", UserName = "ny", Action = AuditAction.ApiKeyCreated, Subject = "y" });
            await db.SaveChangesAsync();
        }

        var first = await _db.Get<RetentionJob>().RunAsync();
        var second = await _db.Get<RetentionJob>().RunAsync();

        Assert.Equal("1 kontaktpersoner slettet, 1 fritekstsvar blanket, 3 beskeder og invitationer anonymiseret, 1 rapporter slettet, "
                     + "1 rækker i adgangsloggen og 1 i revisionsloggen slettet", first);
        Assert.StartsWith("0 kontaktpersoner slettet, 0 fritekstsvar blanket, 0 beskeder", second);
        await using var check = _db.CreateContext();
        Assert.Equal([active, recent], await check.ContactPersons.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync());
        var responses = await check.SurveyResponses.Include(r => r.Answers).OrderBy(r => r.SubmittedAt).ToListAsync();
        Assert.Equal([null, "Ny kommentar"], responses.Select(r => r.Comment));
        Assert.Equal([null, "Ny kommentar"], responses.Select(r => r.Answers.Single(a => a.QuestionId == 1).Text));
        Assert.All(responses, r => Assert.Equal(2, r.Satisfaction));
        Assert.Equal(["[slettet]", "b@kommune.dk"], await check.Messages.OrderBy(m => m.CreatedAt).Select(m => m.Recipient).ToListAsync());
        Assert.Equal(["[slettet]", "[slettet]"], await check.SurveyInvitations.OrderBy(i => i.CreatedAt).Select(i => i.Recipient).ToListAsync());
        Assert.Equal(["Ny"], await check.Reports.Select(r => r.Title).ToListAsync());
        Assert.DoesNotContain(await check.AccessLog.Select(e => e.UserName).ToListAsync(), n => n == "gammel");
        Assert.DoesNotContain(await check.AuditLog.Select(e => e.UserName).ToListAsync(), n => n == "gammel");
        var runs = await check.AuditLog.Where(e => e.Action == AuditAction.RetentionApplied).OrderBy(e => e.Id).Select(e => e.After).ToListAsync();
        Assert.Equal([first, second], runs);
    }
}
