using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Companies;

public sealed record ProductionUnitInput(string PNumber, string? Name, string? Address);

public sealed record SaveCompanyCommand
{
    /// <summary>0 creates a new company.</summary>
    public int Id { get; init; }
    /// <summary>The version the user started editing; a newer one in the database is a conflict.</summary>
    public long Version { get; init; }
    public string? Cvr { get; init; }
    public string? Name { get; init; }
    public string? Address { get; init; }
    public string? PostalCode { get; init; }
    public string? City { get; init; }
    public string? IndustryCode { get; init; }
    public string? IndustryText { get; init; }
    public EmployeeBand EmployeeBand { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? Website { get; init; }
    public string? KeyAccountConsultantId { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public bool AdvertisingProtection { get; init; }
    public CompanyStatus Status { get; init; }
    public IReadOnlyList<ProductionUnitInput> ProductionUnits { get; init; } = [];

    /// <summary>The company as it is: saving this changes nothing.</summary>
    public static SaveCompanyCommand From(Company company) => new()
    {
        Id = company.Id,
        Version = company.Version,
        Cvr = company.Cvr,
        Name = company.Name,
        Address = company.Address,
        PostalCode = company.PostalCode,
        City = company.City,
        IndustryCode = company.IndustryCode,
        IndustryText = company.IndustryText,
        EmployeeBand = company.EmployeeBand,
        Phone = company.Phone,
        Email = company.Email,
        Website = company.Website,
        KeyAccountConsultantId = company.KeyAccountConsultantId,
        Tags = company.Tags,
        AdvertisingProtection = company.AdvertisingProtection,
        Status = company.Status,
        ProductionUnits = [.. company.ProductionUnits.Select(p => new ProductionUnitInput(p.PNumber, p.Name, p.Address))],
    };
}

/// <summary>Creates or updates a company with its production units, all or nothing.</summary>
public sealed class SaveCompany(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, TimeProvider clock)
{
    public async Task<CommandResult> HandleAsync(SaveCompanyCommand command, Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.EditCompanies);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        var errors = new Errors();
        var values = Validate(command, errors);
        if (values.Cvr.Length > 0 && !errors.ContainsKey(nameof(command.Cvr)))
        {
            var existing = await db.Companies.AsNoTracking().Where(c => c.Cvr == values.Cvr && c.Id != command.Id)
                .Select(c => new { c.Id, c.Name }).FirstOrDefaultAsync(cancellationToken);
            if (existing is not null)
            {
                return CommandResult.Invalid(new Dictionary<string, string>
                {
                    [nameof(command.Cvr)] = string.Format(Messages.CvrDuplicate, existing.Name),
                }) with
                { RelatedId = existing.Id };
            }
        }
        var pNumbers = values.ProductionUnits.Select(p => p.PNumber).ToList();
        if (pNumbers.Count > 0)
        {
            var taken = await db.ProductionUnits.AsNoTracking()
                .Where(p => pNumbers.Contains(p.PNumber) && p.CompanyId != command.Id)
                .Join(db.Companies, p => p.CompanyId, c => c.Id, (p, c) => new { p.PNumber, c.Name })
                .FirstOrDefaultAsync(cancellationToken);
            if (taken is not null)
            {
                errors.Add(nameof(command.ProductionUnits), string.Format(Messages.PNumberDuplicate, taken.PNumber, taken.Name));
            }
        }
        if (values.KeyAccountConsultantId is { } consultantId
            && !await db.Users.AnyAsync(u => u.Id == consultantId && u.IsActive, cancellationToken))
        {
            errors.Add(nameof(command.KeyAccountConsultantId), Messages.UserUnknown);
        }
        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }

        Company company;
        if (command.Id == 0)
        {
            company = new Company();
            db.Companies.Add(company);
        }
        else
        {
            var found = await db.Companies.Include(c => c.ProductionUnits)
                .FirstOrDefaultAsync(c => c.Id == command.Id, cancellationToken);
            if (found is null)
            {
                return CommandResult.Conflict(Messages.CompanyNotFound);
            }
            company = found;
            db.Entry(company).Property(c => c.Version).OriginalValue = command.Version;
        }

        values.ApplyTo(company);
        var now = clock.GetUtcNow().UtcDateTime;
        // The company row changes whenever its production units do, so the version guards the whole aggregate.
        if (command.Id != 0)
        {
            db.Entry(company).State = EntityState.Modified;
        }
        try
        {
            await db.SaveChangesAsync(actor, now, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CommandResult.Conflict(Messages.CompanyConflict);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Another user saved the same CVR or P-number a moment ago.
            var onPNumber = ex.InnerException!.Message.Contains(nameof(ProductionUnit.PNumber), StringComparison.Ordinal);
            return CommandResult.Invalid(new Dictionary<string, string>
            {
                [onPNumber ? nameof(command.ProductionUnits) : nameof(command.Cvr)] = onPNumber
                    ? Messages.PNumberTaken
                    : string.Format(Messages.CvrDuplicate, values.Cvr),
            });
        }
        return CommandResult.Ok(company.Id);
    }

    internal sealed record Values(string Cvr, string? Name, string? Address, string? PostalCode, string? City,
        string? IndustryCode, string? IndustryText, EmployeeBand EmployeeBand, string? Phone, string? Email,
        string? Website, string? KeyAccountConsultantId, List<string> Tags, bool AdvertisingProtection,
        CompanyStatus Status, List<ProductionUnitInput> ProductionUnits)
    {
        /// <summary>The same company data, tags and production units compared by content (tags in any order).</summary>
        public bool SameAs(Values other) =>
            this with { Tags = other.Tags, ProductionUnits = other.ProductionUnits } == other
            && Tags.Order(StringComparer.Ordinal).SequenceEqual(other.Tags.Order(StringComparer.Ordinal))
            && ProductionUnits.OrderBy(p => p.PNumber, StringComparer.Ordinal).SequenceEqual(other.ProductionUnits.OrderBy(p => p.PNumber, StringComparer.Ordinal));

        public void ApplyTo(Company company)
        {
            company.Cvr = Cvr;
            company.Name = Name!;
            company.Address = Address;
            company.PostalCode = PostalCode;
            company.City = City;
            company.IndustryCode = IndustryCode;
            company.IndustryText = IndustryText;
            company.EmployeeBand = EmployeeBand;
            company.Phone = Phone;
            company.Email = Email;
            company.Website = Website;
            company.KeyAccountConsultantId = KeyAccountConsultantId;
            company.Tags = Tags;
            company.AdvertisingProtection = AdvertisingProtection;
            company.Status = Status;

            company.ProductionUnits.RemoveAll(p => ProductionUnits.All(i => i.PNumber != p.PNumber));
            foreach (var input in ProductionUnits)
            {
                var unit = company.ProductionUnits.FirstOrDefault(p => p.PNumber == input.PNumber);
                if (unit is null)
                {
                    unit = new ProductionUnit { PNumber = input.PNumber };
                    company.ProductionUnits.Add(unit);
                }
                unit.Name = input.Name;
                unit.Address = input.Address;
            }
        }
    }

    /// <summary>Checks every field and returns the normalised values; the same rules serve the form, import and API.</summary>
    internal static Values Validate(SaveCompanyCommand c, Errors errors)
    {
        var cvr = CvrNumber.Normalize(c.Cvr);
        if (cvr.Length == 0)
        {
            errors.Add(nameof(c.Cvr), Messages.Required);
        }
        else if (!CvrNumber.IsValid(cvr))
        {
            errors.Add(nameof(c.Cvr), Messages.CvrInvalid);
        }
        var name = errors.Text(nameof(c.Name), c.Name, 300, required: true);
        var address = errors.Text(nameof(c.Address), c.Address, 300);
        var postalCode = errors.Text(nameof(c.PostalCode), c.PostalCode, 4 + 10);
        if (postalCode is not null && !Validators.IsPostalCode(postalCode))
        {
            errors.Add(nameof(c.PostalCode), Messages.PostalCodeInvalid);
        }
        var city = errors.Text(nameof(c.City), c.City, 100);
        var industryCode = errors.Text(nameof(c.IndustryCode), c.IndustryCode, 6 + 10);
        if (industryCode is not null && !Validators.IsDigits(industryCode, 6))
        {
            errors.Add(nameof(c.IndustryCode), Messages.IndustryCodeInvalid);
        }
        var industryText = errors.Text(nameof(c.IndustryText), c.IndustryText, 300);
        var phone = Validators.Trimmed(c.Phone);
        if (phone is not null)
        {
            phone = Validators.ToE164(phone);
            if (phone is null)
            {
                errors.Add(nameof(c.Phone), Messages.PhoneInvalid);
            }
        }
        var email = errors.Text(nameof(c.Email), c.Email, 254);
        if (email is not null && !Validators.IsEmail(email))
        {
            errors.Add(nameof(c.Email), Messages.EmailInvalid);
        }
        var website = errors.Text(nameof(c.Website), c.Website, 300);
        if (website is not null)
        {
            website = Validators.ToWebsite(website);
            if (website is null)
            {
                errors.Add(nameof(c.Website), Messages.WebsiteInvalid);
            }
        }
        var tags = c.Tags.Select(Validators.Trimmed).OfType<string>().Distinct(StringComparer.CurrentCultureIgnoreCase).ToList();
        if (tags.Any(t => t.Length > 50))
        {
            errors.Add(nameof(c.Tags), Messages.TagInvalid);
        }
        var units = new List<ProductionUnitInput>();
        foreach (var input in c.ProductionUnits)
        {
            var pNumber = new string((input.PNumber ?? "").Where(ch => !char.IsWhiteSpace(ch)).ToArray());
            if (pNumber.Length == 0 && Validators.Trimmed(input.Name) is null && Validators.Trimmed(input.Address) is null)
            {
                continue;
            }
            // The register's own P-number generator used wrong check weights, so only the form is checked.
            if (!Validators.IsDigits(pNumber, 10))
            {
                errors.Add(nameof(c.ProductionUnits), Messages.PNumberInvalid);
            }
            else if (units.Any(u => u.PNumber == pNumber))
            {
                errors.Add(nameof(c.ProductionUnits), string.Format(Messages.PNumberRepeated, pNumber));
            }
            units.Add(new ProductionUnitInput(pNumber, errors.Text(nameof(c.ProductionUnits), input.Name, 300),
                errors.Text(nameof(c.ProductionUnits), input.Address, 300)));
        }
        return new Values(cvr, name, address, postalCode, city, industryCode, industryText, c.EmployeeBand, phone,
            email, website, Validators.Trimmed(c.KeyAccountConsultantId), tags, c.AdvertisingProtection, c.Status, units);
    }
}
