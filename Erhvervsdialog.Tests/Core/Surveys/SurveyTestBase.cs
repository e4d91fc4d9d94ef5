using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Units;
using Erhvervsdialog.Core.Users;
using Erhvervsdialog.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Tests.Core.Surveys;

/// <summary>A municipality with two units (building has a manager with e-mail), a director, and one company with two contact persons.</summary>
public abstract class SurveyTestBase : IAsyncLifetime
{
    protected TestDatabase Db { get; } = new();
    protected Actor Admin { get; set; } = default!;
    protected Actor Worker { get; set; } = default!;
    protected string ManagerId { get; set; } = "";
    protected int Byg { get; set; }
    protected int Job { get; set; }
    protected int CompanyId { get; set; }
    protected int SmsPersonId { get; set; }
    protected int EmailPersonId { get; set; }

    /// <summary>Monday 23 November 2026, 10:00 Danish time.</summary>
    protected static readonly DateTimeOffset Monday10 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    public async Task InitializeAsync()
    {
        Configure(Db.Settings);
        Db.Clock.Now = Monday10;
        await Db.InitializeAsync();
        Admin = await Db.CreateUserAsync("admin", Roles.Administrator);
        Worker = await Db.CreateUserAsync("lærke", Roles.CaseWorker);
        var saveUser = Db.Get<SaveUser>();
        ManagerId = (await saveUser.HandleAsync(new SaveUserCommand
        {
            UserName = "leder", FullName = "Jens Leder", Email = "leder@kommune.dk", Password = "en lang nok adgangskode", Roles = [Roles.Manager],
        }, Admin)).Id!;
        await saveUser.HandleAsync(new SaveUserCommand
        {
            UserName = "direktoer", FullName = "Birthe Direktør", Email = "direktor@kommune.dk", Password = "en lang nok adgangskode", Roles = [Roles.Director],
        }, Admin);
        Byg = (await Db.Get<SaveUnit>().HandleAsync(new SaveUnitCommand
        {
            Name = "Byggeri", ShortName = "BYG", Members = [new UnitMemberInput(ManagerId, true), new UnitMemberInput(Worker.UserId, false)],
        }, Admin)).Id;
        Job = (await Db.Get<SaveUnit>().HandleAsync(new SaveUnitCommand { Name = "Jobcenter", ShortName = "JOB" }, Admin)).Id;
        CompanyId = (await Db.Get<SaveCompany>().HandleAsync(new SaveCompanyCommand
        {
            Cvr = "24256790", Name = "Øresund Byg ApS", Email = "info@oresundbyg.dk",
        }, Admin)).Id;
        var persons = Db.Get<SaveContactPerson>();
        SmsPersonId = (await persons.HandleAsync(new SaveContactPersonCommand { CompanyId = CompanyId, Name = "Åse Mobil", Mobile = "20 12 34 56" }, Admin)).Id;
        EmailPersonId = (await persons.HandleAsync(new SaveContactPersonCommand { CompanyId = CompanyId, Name = "Erik Mail", Email = "erik@oresundbyg.dk" }, Admin)).Id;
    }

    public virtual Task DisposeAsync() => Db.DisposeAsync();

    protected async Task<int> CloseContactAsync(int? personId = null, int? unit = null, bool surveyAllowed = true, int? companyId = null)
    {
        var result = await Db.Get<SaveContact>().HandleAsync(new SaveContactCommand
        {
            CompanyId = companyId ?? CompanyId, UnitId = unit ?? Byg, ContactPersonId = personId, OccurredAt = Db.Clock.Now.UtcDateTime.AddHours(-2),
            Channel = ContactChannel.Phone, Topic = "byggetilladelse", Status = ContactStatus.Closed, SurveyAllowed = surveyAllowed,
            CaseWorkerId = Worker.UserId,
        }, Worker);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
        return result.Id;
    }

    protected async Task<Message> MessageForContactAsync(int contactId, MessageKind kind = MessageKind.SurveyInvitation)
    {
        await using var db = Db.CreateContext();
        return await db.Messages
            .SingleAsync(m => db.SurveyInvitations.Any(i => i.Id == m.SurveyInvitationId && i.ContactId == contactId) && m.Kind == kind);
    }

    protected async Task<SurveyInvitation> InvitationAsync(Message message)
    {
        await using var db = Db.CreateContext();
        return await db.SurveyInvitations.SingleAsync(i => i.Id == message.SurveyInvitationId);
    }

    protected async Task<string> LinkTokenAsync(int contactId)
    {
        await using var db = Db.CreateContext();
        var invitation = await db.SurveyInvitations.SingleAsync(i => i.ContactId == contactId);
        return Db.Get<SurveyPlanner>().Link(invitation).Split("/s/")[1];
    }

    protected Task RunJobAsync(int messageId) => Db.Get<SendMessageJob>().RunAsync(messageId);

    protected void Advance(TimeSpan by) => Db.Clock.Now += by;

    protected AnswerSurvey Answer => Db.Get<AnswerSurvey>();

    protected async Task<(int ContactId, string Token, SurveyForm Form)> SentSurveyAsync()
    {
        var contactId = await CloseContactAsync(EmailPersonId);
        Advance(TimeSpan.FromDays(1));
        await RunJobAsync((await MessageForContactAsync(contactId)).Id);
        var token = await LinkTokenAsync(contactId);
        return (contactId, token, await Answer.LoadAsync(token));
    }

    protected static Dictionary<int, string?> Values(SurveyForm form, params (QuestionKind Kind, string Value)[] values)
    {
        var result = new Dictionary<int, string?>();
        foreach (var group in values.GroupBy(v => v.Kind))
        {
            foreach (var (question, value) in form.Questions.Where(q => q.Kind == group.Key).Zip(group))
            {
                result[question.Id] = value.Value;
            }
        }
        return result;
    }
}
