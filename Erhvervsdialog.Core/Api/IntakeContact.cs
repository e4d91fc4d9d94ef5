using System.Globalization;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Surveys;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Api;

/// <summary>A contact as a case system reports it (POST /api/v1/contacts).</summary>
public sealed record ContactIntakeRequest
{
    /// <summary>The case system's own id for the contact; posting the same id again updates the contact.</summary>
    public string? ExternalId { get; init; }
    /// <summary>The company's CVR number (8 digits).</summary>
    public string? Cvr { get; init; }
    /// <summary>Used only to create an unknown company, when the key may do so.</summary>
    public string? CompanyName { get; init; }
    /// <summary>The unit's short name, e.g. "BYG".</summary>
    public string? Unit { get; init; }
    /// <summary>ISO 8601 with offset, e.g. 2026-11-26T10:30:00+01:00.</summary>
    public string? OccurredAt { get; init; }
    /// <summary>telefon, e-mail, møde, virksomhedsbesøg, digital selvbetjening or brev.</summary>
    public string? Channel { get; init; }
    public string? Topic { get; init; }
    /// <summary>The case worker's user name or e-mail address in Erhvervsdialog.</summary>
    public string? CaseWorker { get; init; }
    public string? CaseReference { get; init; }
    public string? Summary { get; init; }
    /// <summary>åben or afsluttet (open or closed).</summary>
    public string? Status { get; init; }
    /// <summary>
    /// ISO 8601 with offset, or a date alone (2026-11-26: closed that day, at 16:00 Danish time, as in the form);
    /// defaults to now when the status is afsluttet.
    /// </summary>
    public string? ClosedAt { get; init; }
    /// <summary>Optional: the day the case was received, e.g. 2026-11-02.</summary>
    public string? CaseReceived { get; init; }
    /// <summary>Optional: the day the case was decided, e.g. 2026-11-20; needs <see cref="CaseReceived"/>.</summary>
    public string? CaseDecided { get; init; }
    /// <summary>Whether the company may be surveyed about the contact; default true.</summary>
    public bool? SurveyAllowed { get; init; }
    /// <summary>The company's contact person; matched by e-mail, else by name, else created.</summary>
    public ContactPersonIntake? ContactPerson { get; init; }
}

public sealed record ContactPersonIntake(string? Name, string? Email, string? Mobile);

public sealed record IntakeResult(int ContactId, bool Created, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
    /// <summary>The key may not report for the unit named (HTTP 403); nothing is saved.</summary>
    public bool Forbidden { get; init; }
}

/// <summary>Creates or updates a contact reported by a case system, idempotent on (system, external id).</summary>
public sealed class IntakeContact(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, SurveyPlanner surveys,
    MessageScheduler scheduler, TimeProvider clock)
{
    private static readonly Dictionary<string, ContactChannel> Channels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["telefon"] = ContactChannel.Phone, ["phone"] = ContactChannel.Phone,
        ["e-mail"] = ContactChannel.Email, ["email"] = ContactChannel.Email, ["mail"] = ContactChannel.Email,
        ["møde"] = ContactChannel.Meeting, ["meeting"] = ContactChannel.Meeting,
        ["virksomhedsbesøg"] = ContactChannel.CompanyVisit, ["companyvisit"] = ContactChannel.CompanyVisit,
        ["digital selvbetjening"] = ContactChannel.SelfService, ["selvbetjening"] = ContactChannel.SelfService,
        ["selfservice"] = ContactChannel.SelfService,
        ["brev"] = ContactChannel.Letter, ["letter"] = ContactChannel.Letter,
    };

    public async Task<IntakeResult> HandleAsync(ApiClient client, ContactIntakeRequest request, CancellationToken cancellationToken = default)
    {
        // Writes queue in WriteGate, so concurrent posts take turns instead of colliding in SQLite.
        try
        {
            return await TryAsync(client, request, cancellationToken);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // The same external id (or new company) was saved by another path a moment ago: this post becomes an update.
            return await TryAsync(client, request, cancellationToken);
        }
    }

    private async Task<IntakeResult> TryAsync(ApiClient client, ContactIntakeRequest r, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var actor = new Actor($"api:{client.Id}", $"API: {client.Name}", new HashSet<string>());
        var errors = new Errors();
        var externalId = errors.Text("externalId", r.ExternalId, 100, required: true);
        var cvr = CvrNumber.Normalize(r.Cvr);
        if (cvr.Length == 0)
        {
            errors.Add("cvr", Messages.Required);
        }
        else if (!CvrNumber.IsValid(cvr))
        {
            errors.Add("cvr", Messages.CvrInvalid);
        }
        var occurredAt = ParseTime(r.OccurredAt, "occurredAt", errors, required: true);
        DateOnly? closedOn = DateOnly.TryParseExact(Validators.Trimmed(r.ClosedAt), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day : null;
        var closedAt = closedOn is null ? ParseTime(r.ClosedAt, "closedAt", errors, required: false) : null;
        var channel = ContactChannel.Phone;
        if (Validators.Trimmed(r.Channel) is not { } channelText)
        {
            errors.Add("channel", Messages.Required);
        }
        else if (!Channels.TryGetValue(channelText, out channel))
        {
            errors.Add("channel", string.Format(Messages.ChannelInvalid, channelText));
        }
        var status = ParseStatus(r.Status, errors);
        var caseReceived = ParseDay(r.CaseReceived, "caseReceived", errors);
        var caseDecided = ParseDay(r.CaseDecided, "caseDecided", errors);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var unitShortName = Validators.Trimmed(r.Unit)?.ToUpperInvariant();
        var unitId = unitShortName is null ? null
            : await db.Units.Where(u => u.ShortName == unitShortName).Select(u => (int?)u.Id).FirstOrDefaultAsync(cancellationToken);
        if (unitShortName is null)
        {
            errors.Add("unit", Messages.Required);
        }
        else if (unitId is null)
        {
            errors.Add("unit", string.Format(Messages.UnitUnknownShortName, r.Unit));
        }
        else if (!client.UnitIds.Contains(unitId.Value))
        {
            return new IntakeResult(0, false, new Dictionary<string, string> { ["unit"] = string.Format(Messages.ApiUnitNotAllowed, unitShortName) })
            {
                Forbidden = true,
            };
        }
        string? caseWorkerId = null;
        if (Validators.Trimmed(r.CaseWorker) is { } caseWorker)
        {
            var normalized = caseWorker.ToUpperInvariant();
            caseWorkerId = await db.Users.Where(u => u.NormalizedUserName == normalized || u.NormalizedEmail == normalized)
                .Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
            if (caseWorkerId is null)
            {
                errors.Add("caseWorker", Messages.UserUnknown);
            }
        }
        var company = cvr.Length == 8 && !errors.ContainsKey("cvr")
            ? await db.Companies.FirstOrDefaultAsync(c => c.Cvr == cvr, cancellationToken)
            : null;
        if (company is null && !errors.ContainsKey("cvr"))
        {
            if (!client.MayCreateCompanies)
            {
                errors.Add("cvr", string.Format(Messages.CvrUnknown, cvr));
            }
            else
            {
                var companyErrors = new Errors();
                var values = SaveCompany.Validate(new SaveCompanyCommand { Cvr = cvr, Name = r.CompanyName }, companyErrors);
                foreach (var (field, message) in companyErrors)
                {
                    errors.Add(field == nameof(SaveCompanyCommand.Name) ? "companyName" : "cvr", message);
                }
                if (companyErrors.Count == 0)
                {
                    company = new Company();
                    values.ApplyTo(company);
                    db.Companies.Add(company);
                }
            }
        }
        if (errors.Count > 0)
        {
            return new IntakeResult(0, false, errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (company!.Id == 0)
        {
            await db.SaveChangesAsync(actor, now, cancellationToken);
        }
        int? contactPersonId = null;
        if (r.ContactPerson is { } person)
        {
            var personResult = await FindOrCreatePersonAsync(db, company.Id, person, actor, now, cancellationToken);
            if (personResult.Errors.Count > 0)
            {
                return new IntakeResult(0, false, personResult.Errors.ToDictionary(e => $"contactPerson.{Camel(e.Key)}", e => e.Value));
            }
            contactPersonId = personResult.Id;
        }

        var contact = await db.Contacts.FirstOrDefaultAsync(c => c.ApiClientId == client.Id && c.ExternalId == externalId, cancellationToken);
        var created = contact is null;
        var command = new SaveContactCommand
        {
            CompanyId = company.Id, ContactPersonId = contactPersonId ?? contact?.ContactPersonId, UnitId = unitId!.Value,
            OccurredAt = occurredAt, Channel = channel, Topic = r.Topic, CaseWorkerId = caseWorkerId,
            CaseReference = r.CaseReference, Summary = r.Summary, Status = status, ClosedAt = closedAt, ClosedOn = closedOn,
            SurveyAllowed = r.SurveyAllowed ?? true,
            CaseReceivedOn = caseReceived, CaseDecidedOn = caseDecided,
        };
        var contactErrors = await ContactWriter.ValidateAsync(db, command, now, cancellationToken);
        if (contactErrors.Count > 0)
        {
            // The API's names for the case days are shorter than the command's.
            return new IntakeResult(0, false, contactErrors.ToDictionary(e => Camel(e.Key).Replace("On", "", StringComparison.Ordinal) is var f
                && f is "caseReceived" or "caseDecided" ? f : Camel(e.Key), e => e.Value));
        }
        contact ??= db.Contacts.Add(new Contact { ApiClientId = client.Id, ExternalId = externalId }).Entity;
        var closedNow = ContactWriter.Apply(contact, command, now);
        var invitation = closedNow ? await surveys.PlanAsync(db, contact, now, cancellationToken) : null;
        await db.SaveChangesAsync(actor, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (invitation is not null)
        {
            scheduler.Schedule(invitation);
        }
        return new IntakeResult(contact.Id, created, new Dictionary<string, string>());
    }

    private static async Task<CommandResult> FindOrCreatePersonAsync(ErhvervsdialogDbContext db, int companyId,
        ContactPersonIntake input, Actor actor, DateTime now, CancellationToken cancellationToken)
    {
        var email = Validators.Trimmed(input.Email);
        var name = Validators.Trimmed(input.Name);
        var existing = email is not null
            ? await db.ContactPersons.FirstOrDefaultAsync(p => p.CompanyId == companyId && p.Email == email, cancellationToken)
            : name is not null
                ? await db.ContactPersons.FirstOrDefaultAsync(p => p.CompanyId == companyId && p.Name == name, cancellationToken)
                : null;
        if (existing is not null)
        {
            return CommandResult.Ok(existing.Id);
        }
        var errors = new Errors();
        var (checkedName, _, checkedEmail, mobile) = SaveContactPerson.Validate(name, null, email, input.Mobile, errors);
        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }
        var person = new ContactPerson { CompanyId = companyId, Name = checkedName, Email = checkedEmail, Mobile = mobile };
        db.ContactPersons.Add(person);
        await db.SaveChangesAsync(actor, now, cancellationToken);
        Auditing.AccessLog.Add(db, actor, now, Auditing.AccessAction.Create, nameof(ContactPerson), person.Id, $"{person.Name} (via API)");
        return CommandResult.Ok(person.Id);
    }

    private static DateOnly? ParseDay(string? text, string field, Errors errors)
    {
        if (Validators.Trimmed(text) is not { } value)
        {
            return null;
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        errors.Add(field, Messages.DayInvalid);
        return null;
    }

    private static DateTime? ParseTime(string? text, string field, Errors errors, bool required)
    {
        if (Validators.Trimmed(text) is not { } value)
        {
            if (required)
            {
                errors.Add(field, Messages.Required);
            }
            return null;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            && (value.EndsWith('Z') || value.Contains('+') || value.LastIndexOf('-') > 9))
        {
            return parsed.UtcDateTime;
        }
        errors.Add(field, Messages.DateInvalid);
        return null;
    }

    private static ContactStatus ParseStatus(string? text, Errors errors)
    {
        switch (Validators.Trimmed(text)?.ToLowerInvariant())
        {
            case null or "åben" or "aaben" or "open":
                return ContactStatus.Open;
            case "afsluttet" or "closed":
                return ContactStatus.Closed;
            default:
                errors.Add("status", string.Format(Messages.StatusInvalid, text));
                return ContactStatus.Open;
        }
    }

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
