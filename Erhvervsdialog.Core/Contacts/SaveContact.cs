using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Contacts;

public sealed record SaveContactCommand
{
    public int Id { get; init; }
    public long Version { get; init; }
    public int CompanyId { get; init; }
    public int? ContactPersonId { get; init; }
    public int UnitId { get; init; }
    /// <summary>UTC.</summary>
    public DateTime? OccurredAt { get; init; }
    public ContactChannel Channel { get; init; }
    public string? Topic { get; init; }
    public string? CaseWorkerId { get; init; }
    public string? CaseReference { get; init; }
    public string? Summary { get; init; }
    public ContactStatus Status { get; init; }
    /// <summary>UTC; when a closed contact has neither this nor <see cref="ClosedOn"/>, the time of closing is used.</summary>
    public DateTime? ClosedAt { get; init; }
    /// <summary>Closed on a Danish calendar day, without a time: see <see cref="ContactWriter.ClosingTime"/>.</summary>
    public DateOnly? ClosedOn { get; init; }
    public bool SurveyAllowed { get; init; } = true;
    /// <summary>Optional: the day the case was received and the day it was decided.</summary>
    public DateOnly? CaseReceivedOn { get; init; }
    public DateOnly? CaseDecidedOn { get; init; }
}

/// <summary>Registers or changes a contact from the UI. The rules live in <see cref="ContactWriter"/>, shared with the API.</summary>
public sealed class SaveContact(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, SurveyPlanner surveys,
    MessageScheduler scheduler, TimeProvider clock)
{
    public async Task<CommandResult> HandleAsync(SaveContactCommand command, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.ChangeContacts);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        Contact? contact = null;
        if (command.Id != 0)
        {
            contact = await db.Contacts.FirstOrDefaultAsync(c => c.Id == command.Id, cancellationToken);
            if (contact is null)
            {
                return CommandResult.Conflict(Messages.ContactNotFound);
            }
            if (!await MayChangeAsync(db, contact, actor, cancellationToken))
            {
                return CommandResult.Conflict(Messages.ContactForbidden);
            }
            db.Entry(contact).Property(c => c.Version).OriginalValue = command.Version;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = await ContactWriter.ValidateAsync(db, command, now, cancellationToken);
        // Whoever may change a contact may correct it, but moves it to another unit only if that unit is theirs too.
        if (contact is not null && contact.UnitId != command.UnitId && !actor.MayOnEveryRecord(Policies.ChangeContacts)
            && !await db.UnitMembers.AnyAsync(m => m.UnitId == command.UnitId && m.UserId == actor.UserId, cancellationToken))
        {
            errors.Add(nameof(command.UnitId), Messages.ContactMoveForbidden);
        }
        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }
        contact ??= db.Contacts.Add(new Contact()).Entity;
        var closedNow = ContactWriter.Apply(contact, command, now);
        var invitation = closedNow ? await surveys.PlanAsync(db, contact, now, cancellationToken) : null;
        if (!await db.TrySaveChangesAsync(actor, now, cancellationToken))
        {
            return CommandResult.Conflict(Messages.ContactConflict);
        }
        if (invitation is not null)
        {
            scheduler.Schedule(invitation);
        }
        return CommandResult.Ok(contact.Id);
    }

    /// <summary>A contact with its company's name, for the edit form; every signed-in user may read contacts.</summary>
    public async Task<(Contact Contact, string CompanyName)?> LoadAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.SignedIn);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.AsNoTracking().Include(c => c.Company).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return contact is null ? null : (contact, contact.Company!.Name);
    }

    /// <summary>
    /// Administrators and directors may change any contact; others only those of a unit they belong to, or where they
    /// are the case worker or registered it.
    /// </summary>
    public static async Task<bool> MayChangeAsync(ErhvervsdialogDbContext db, Contact contact, Actor actor,
        CancellationToken cancellationToken)
    {
        if (actor.MayOnEveryRecord(Policies.ChangeContacts)
            || contact.CaseWorkerId == actor.UserId || contact.CreatedById == actor.UserId)
        {
            return true;
        }
        return await db.UnitMembers.AnyAsync(m => m.UnitId == contact.UnitId && m.UserId == actor.UserId, cancellationToken);
    }
}

/// <summary>The one place where a contact's fields are checked and written, for the UI and the case systems' API alike.</summary>
internal static class ContactWriter
{
    /// <summary>No contact in this system happened before 2000; an earlier time is a typing or conversion error.</summary>
    public static readonly DateTime EarliestTime = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static async Task<Errors> ValidateAsync(ErhvervsdialogDbContext db, SaveContactCommand c, DateTime now,
        CancellationToken cancellationToken)
    {
        var errors = new Errors();
        errors.Text(nameof(c.Topic), c.Topic, 100);
        errors.Text(nameof(c.CaseReference), c.CaseReference, 100);
        errors.Text(nameof(c.Summary), c.Summary, 4000);
        if (!Enum.IsDefined(c.Channel))
        {
            errors.Add(nameof(c.Channel), string.Format(Messages.ChannelInvalid, c.Channel));
        }
        if (c.OccurredAt is not { } occurred)
        {
            errors.Add(nameof(c.OccurredAt), Messages.Required);
        }
        else if (occurred > now.AddDays(1))
        {
            errors.Add(nameof(c.OccurredAt), Messages.OccurredInFuture);
        }
        else if (occurred < EarliestTime)
        {
            errors.Add(nameof(c.OccurredAt), Messages.OccurredTooEarly);
        }
        else if (c.Status == ContactStatus.Closed && ClosedAt(c) is { } closed && closed < occurred)
        {
            errors.Add(nameof(c.ClosedAt), Messages.ClosedBeforeOccurred);
        }
        var today = DateOnly.FromDateTime(DanishTime.ToLocal(now));
        if (c.CaseReceivedOn is { } received && (received > today || received.ToDateTime(TimeOnly.MinValue) < EarliestTime))
        {
            errors.Add(nameof(c.CaseReceivedOn), received > today ? Messages.CaseDateInFuture : Messages.OccurredTooEarly);
        }
        if (c.CaseDecidedOn is { } decided)
        {
            if (decided > today)
            {
                errors.Add(nameof(c.CaseDecidedOn), Messages.CaseDateInFuture);
            }
            else if (c.CaseReceivedOn is null)
            {
                errors.Add(nameof(c.CaseReceivedOn), Messages.CaseReceivedRequired);
            }
            else if (decided < c.CaseReceivedOn)
            {
                errors.Add(nameof(c.CaseDecidedOn), Messages.CaseDecidedBeforeReceived);
            }
        }
        if (!await db.Companies.AnyAsync(x => x.Id == c.CompanyId, cancellationToken))
        {
            errors.Add(nameof(c.CompanyId), Messages.CompanyRequired);
        }
        if (!await db.Units.AnyAsync(u => u.Id == c.UnitId, cancellationToken))
        {
            errors.Add(nameof(c.UnitId), Messages.UnitUnknown);
        }
        if (c.ContactPersonId is { } personId
            && !await db.ContactPersons.AnyAsync(p => p.Id == personId && p.CompanyId == c.CompanyId, cancellationToken))
        {
            errors.Add(nameof(c.ContactPersonId), Messages.ContactPersonOtherCompany);
        }
        if (Validators.Trimmed(c.CaseWorkerId) is { } caseWorkerId
            && !await db.Users.AnyAsync(u => u.Id == caseWorkerId, cancellationToken))
        {
            errors.Add(nameof(c.CaseWorkerId), Messages.UserUnknown);
        }
        return errors;
    }

    /// <summary>Writes the fields; returns true when this write closes the contact (the survey hangs on that).</summary>
    public static bool Apply(Contact contact, SaveContactCommand c, DateTime now)
    {
        var wasClosed = contact.Id != 0 && contact.Status == ContactStatus.Closed;
        contact.CompanyId = c.CompanyId;
        contact.ContactPersonId = c.ContactPersonId;
        contact.UnitId = c.UnitId;
        contact.OccurredAt = c.OccurredAt!.Value;
        contact.Channel = c.Channel;
        contact.Topic = Validators.Trimmed(c.Topic);
        contact.CaseWorkerId = Validators.Trimmed(c.CaseWorkerId);
        contact.CaseReference = Validators.Trimmed(c.CaseReference);
        contact.Summary = Validators.Trimmed(c.Summary);
        contact.SurveyAllowed = c.SurveyAllowed;
        contact.CaseReceivedOn = c.CaseReceivedOn;
        contact.CaseDecidedOn = c.CaseDecidedOn;
        SetStatus(contact, c.Status, ClosedAt(c), now);
        return !wasClosed && contact.Status == ContactStatus.Closed;
    }

    /// <summary>
    /// A contact closed on a day, without a time, closed at 16:00 Danish time that day, or at the contact's own time
    /// when that is later the same day. The form and the case systems' API both give a day; both end here.
    /// </summary>
    public static DateTime ClosingTime(DateOnly day, DateTime? occurredUtc)
    {
        var closed = DanishTime.ToUtc(day.ToDateTime(new TimeOnly(16, 0)));
        return occurredUtc is { } o && DateOnly.FromDateTime(DanishTime.ToLocal(o)) == day && o > closed ? o : closed;
    }

    private static DateTime? ClosedAt(SaveContactCommand c) =>
        c.ClosedAt ?? (c.ClosedOn is { } day ? ClosingTime(day, c.OccurredAt) : null);

    /// <summary>
    /// Opening and closing happen here only, whether from a form or a case system, so whatever must follow a closed
    /// contact (the after-contact survey) hangs on this one transition.
    /// </summary>
    private static void SetStatus(Contact contact, ContactStatus status, DateTime? closedAt, DateTime now)
    {
        contact.Status = status;
        contact.ClosedAt = status == ContactStatus.Closed ? closedAt ?? contact.ClosedAt ?? now : null;
    }
}
