using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Privacy;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Companies;

public sealed record SaveContactPersonCommand
{
    public int Id { get; init; }
    public long Version { get; init; }
    public int CompanyId { get; init; }
    public string? Name { get; init; }
    public string? Title { get; init; }
    public string? Email { get; init; }
    public string? Mobile { get; init; }
    public bool SurveyOptOut { get; init; }
}

/// <summary>Creates, updates or deletes a contact person; every change to personal data goes to the access log.</summary>
public sealed class SaveContactPerson(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The changed fields as the access log names them: in Danish, as the form does.</summary>
    private static readonly Dictionary<string, string> FieldNames = new()
    {
        [nameof(ContactPerson.Name)] = "navn",
        [nameof(ContactPerson.Title)] = "stilling",
        [nameof(ContactPerson.Email)] = "e-mail",
        [nameof(ContactPerson.Mobile)] = "mobil",
        [nameof(ContactPerson.SurveyOptOut)] = "må ikke kontaktes om målinger",
    };

    public async Task<CommandResult> HandleAsync(SaveContactPersonCommand command, Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.EditCompanies);
        var errors = new Errors();
        var (name, title, email, mobile) = Validate(command.Name, command.Title, command.Email, command.Mobile, errors);
        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Companies.AnyAsync(c => c.Id == command.CompanyId, cancellationToken))
        {
            return CommandResult.Conflict(Messages.CompanyNotFound);
        }
        ContactPerson person;
        if (command.Id == 0)
        {
            person = new ContactPerson { CompanyId = command.CompanyId };
            db.ContactPersons.Add(person);
        }
        else
        {
            var found = await db.ContactPersons.FirstOrDefaultAsync(
                p => p.Id == command.Id && p.CompanyId == command.CompanyId, cancellationToken);
            if (found is null)
            {
                return CommandResult.Conflict(Messages.ContactPersonNotFound);
            }
            person = found;
            db.Entry(person).Property(p => p.Version).OriginalValue = command.Version;
        }
        person.Name = name;
        person.Title = title;
        person.Email = email;
        person.Mobile = mobile;
        person.SurveyOptOut = command.SurveyOptOut;

        var now = clock.GetUtcNow().UtcDateTime;
        var changed = db.Entry(person).Properties.Where(p => p.IsModified && p.Metadata.Name != nameof(person.Version))
            .Select(p => FieldNames.GetValueOrDefault(p.Metadata.Name, p.Metadata.Name)).ToList();
        if (command.Id != 0 && changed.Count == 0)
        {
            return CommandResult.Ok(person.Id);
        }
        try
        {
            // The person and its access-log row are saved together or not at all.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(actor, now, cancellationToken);
            AccessLog.Add(db, actor, now, command.Id == 0 ? AccessAction.Create : AccessAction.Update,
                nameof(ContactPerson), person.Id, command.Id == 0 ? person.Name : $"{person.Name}: {string.Join(", ", changed)}");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CommandResult.Conflict(Messages.ContactPersonConflict);
        }
        return CommandResult.Ok(person.Id);
    }

    /// <summary>
    /// The one check of a contact person's fields, for the form and the case systems' API alike; returns them trimmed,
    /// with the mobile number as E.164. Each error is added under the field's name.
    /// </summary>
    internal static (string Name, string? Title, string? Email, string? Mobile) Validate(string? name, string? title,
        string? email, string? mobile, Errors errors)
    {
        var checkedName = errors.Text(nameof(ContactPerson.Name), name, 200, required: true);
        var checkedTitle = errors.Text(nameof(ContactPerson.Title), title, 200);
        var checkedEmail = errors.Text(nameof(ContactPerson.Email), email, 254);
        if (checkedEmail is not null && !Validators.IsEmail(checkedEmail))
        {
            errors.Add(nameof(ContactPerson.Email), Messages.EmailInvalid);
        }
        var mobileText = Validators.Trimmed(mobile);
        var e164 = mobileText is null ? null : Validators.ToE164(mobileText);
        if (mobileText is not null && e164 is null)
        {
            errors.Add(nameof(ContactPerson.Mobile), Messages.MobileInvalid);
        }
        return (checkedName ?? "", checkedTitle, checkedEmail, e164);
    }

    /// <summary>Deletes the person and erases every copy of their name, e-mail and number (<see cref="ContactPersonErasure"/>).</summary>
    public async Task<CommandResult> DeleteAsync(int companyId, int personId, Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.EditCompanies);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var person = await db.ContactPersons.FirstOrDefaultAsync(p => p.Id == personId && p.CompanyId == companyId,
            cancellationToken);
        if (person is null)
        {
            return CommandResult.Conflict(Messages.ContactPersonNotFound);
        }
        var copies = await ContactPersonErasure.EraseAsync(db, person, cancellationToken);
        // The log keeps that the person was erased, and by whom, but not the name.
        AccessLog.Add(db, actor, clock.GetUtcNow().UtcDateTime, AccessAction.Delete, nameof(ContactPerson), personId,
            string.Format(Messages.ContactPersonErasedDetail, copies));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CommandResult.Ok(personId);
    }
}
