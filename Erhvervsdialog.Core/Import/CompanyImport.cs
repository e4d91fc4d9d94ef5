using System.Text.Json;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Import;

/// <summary>The company fields an import column can fill.</summary>
public enum ImportField
{
    Cvr,
    Name,
    Address,
    PostalCode,
    City,
    IndustryCode,
    IndustryText,
    Phone,
    Email,
    Website,
    PNumber,
    AdvertisingProtection,
    Status,
    Employees,
    Tags,
    KeyAccountConsultant,
}

public sealed record RejectedRow(int Line, string Cvr, string Name, IReadOnlyList<string> Reasons);

/// <summary>What an import will do: the rows that pass every check, and those rejected with their reasons.</summary>
public sealed class ImportPlan
{
    internal List<(int Line, SaveCompanyCommand Command, int ExistingId)> Valid { get; } = [];
    public List<RejectedRow> Rejected { get; } = [];
    public int ToCreate => Valid.Count(v => v.ExistingId == 0);
    public int ToUpdate => Valid.Count(v => v.ExistingId != 0);
    /// <summary>Valid rows that say what the register already holds: nothing to save.</summary>
    public int Unchanged { get; internal set; }
}

/// <summary>What was saved; <paramref name="Failure"/> says where an import stopped, if it did.</summary>
public sealed record ImportResult(int Created, int Updated, string? Failure = null);

/// <summary>
/// Administration → Import: map the columns, check every row with the same rules as the company form, then create or
/// update all valid rows by CVR in short batches. Empty cells leave the existing value alone.
/// </summary>
public sealed class CompanyImport(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>
    /// The header spellings Danish registers and spreadsheets use, compared without case, spaces, hyphens and dots:
    /// "CVR-nr.", "CVR nr", "CVR-nummer" and "Cvrnr" are all <c>cvrnr</c> or <c>cvrnummer</c> (see <see cref="HeaderKey"/>).
    /// </summary>
    private static readonly Dictionary<ImportField, string[]> Aliases = new()
    {
        [ImportField.Cvr] = ["cvr", "cvrnr", "cvrnummer", "cvrno", "cvrnumber"],
        [ImportField.Name] = ["navn", "firmanavn", "virksomhed", "virksomhedsnavn", "virksomhedensnavn", "name", "firma"],
        [ImportField.Address] = ["adresse", "vejnavn", "address", "beliggenhedsadresse", "vejoghusnummer", "gadenavn", "postadresse"],
        [ImportField.PostalCode] = ["postnr", "postnummer", "zip", "postalcode"],
        [ImportField.City] = ["by", "postdistrikt", "bynavn", "city", "postby"],
        [ImportField.IndustryCode] = ["branchekode", "branchenr", "branchenummer", "db07", "db25", "hovedbranchekode", "db07kode"],
        [ImportField.IndustryText] = ["branchetekst", "branche", "hovedbranche", "branchebetegnelse", "hovedbranchetekst", "branchenavn"],
        [ImportField.Phone] = ["telefon", "tlf", "telefonnummer", "tlfnr", "phone", "telefonnr"],
        [ImportField.Email] = ["email", "mail", "emailadresse", "epost"],
        [ImportField.Website] = ["hjemmeside", "web", "website", "www", "webadresse"],
        [ImportField.PNumber] = ["pnummer", "pnr", "pno", "produktionsenhed", "produktionsenhedsnummer"],
        [ImportField.AdvertisingProtection] = ["reklamebeskyttet", "reklamebeskyttelse"],
        [ImportField.Status] = ["status", "virksomhedsstatus"],
        [ImportField.Employees] = ["antalansatte", "ansatte", "medarbejdere", "antalmedarbejdere", "beskæftigede", "antalbeskæftigede",
            "ansatteinterval", "antalansatteinterval", "årsværk", "aarsvaerk", "employees"],
        [ImportField.Tags] = ["tags", "tag", "mærker", "maerker", "nøgleord", "kategorier"],
        [ImportField.KeyAccountConsultant] = ["nøglekonsulent", "noeglekonsulent", "keyaccount", "konsulent", "virksomhedskonsulent"],
    };

    /// <summary>A header as compared with <see cref="Aliases"/>: lower case, letters and digits only.</summary>
    internal static string HeaderKey(string header) =>
        new([.. header.Trim().ToLower(System.Globalization.CultureInfo.GetCultureInfo("da-DK")).Where(char.IsLetterOrDigit)]);

    /// <summary>The mapping remembered for this header row, else a guess from the Danish header names.</summary>
    public async Task<Dictionary<ImportField, int>> SuggestMappingAsync(IReadOnlyList<string> headers, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var signature = Signature(headers);
        var saved = await db.ImportMappings.AsNoTracking().FirstOrDefaultAsync(m => m.HeaderSignature == signature, cancellationToken);
        if (saved is not null)
        {
            return JsonSerializer.Deserialize<Dictionary<ImportField, int>>(saved.MappingJson)!
                .Where(kv => kv.Value < headers.Count).ToDictionary();
        }
        var mapping = new Dictionary<ImportField, int>();
        for (var i = 0; i < headers.Count; i++)
        {
            var header = HeaderKey(headers[i]);
            foreach (var (field, aliases) in Aliases)
            {
                if (!mapping.ContainsKey(field) && aliases.Contains(header))
                {
                    mapping[field] = i;
                }
            }
        }
        return mapping;
    }

    /// <summary>The field's Danish name, as the mapping and a rejected row's reasons show it.</summary>
    public static string FieldLabel(ImportField field) =>
        Messages.ResourceManager.GetString($"ImportField_{field}", Messages.Culture) ?? field.ToString();

    /// <summary>The Danish name of the field an error is about (the company rules name SaveCompanyCommand's properties).</summary>
    private static string ReasonField(string errorKey) => errorKey switch
    {
        nameof(SaveCompanyCommand.ProductionUnits) => FieldLabel(ImportField.PNumber),
        nameof(SaveCompanyCommand.EmployeeBand) => FieldLabel(ImportField.Employees),
        nameof(SaveCompanyCommand.KeyAccountConsultantId) => FieldLabel(ImportField.KeyAccountConsultant),
        _ => Enum.TryParse<ImportField>(errorKey, out var field) ? FieldLabel(field) : errorKey,
    };

    /// <summary>The columns with a header that no field is mapped to: the import page names them, so none is dropped without a word.</summary>
    public static IReadOnlyList<string> UnmappedColumns(IReadOnlyList<string> headers, IReadOnlyDictionary<ImportField, int> mapping) =>
        [.. headers.Select((header, column) => (header, column))
            .Where(h => !string.IsNullOrWhiteSpace(h.header) && !mapping.Values.Contains(h.column)).Select(h => h.header.Trim())];

    public async Task<ImportPlan> ValidateAsync(Table table, IReadOnlyDictionary<ImportField, int> mapping,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var plan = new ImportPlan();
        if (!mapping.ContainsKey(ImportField.Cvr) || !mapping.ContainsKey(ImportField.Name))
        {
            plan.Rejected.Add(new RejectedRow(1, "", "", [
                !mapping.ContainsKey(ImportField.Cvr) ? Messages.ImportCvrNotMapped : Messages.ImportNameNotMapped]));
            return plan;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var cvrs = table.Rows.Select(r => CvrNumber.Normalize(r.Cell(mapping[ImportField.Cvr]))).Where(CvrNumber.IsValid).Distinct().ToList();
        var existing = new Dictionary<string, Company>();
        foreach (var chunk in cvrs.Chunk(500))
        {
            foreach (var company in await db.Companies.AsNoTracking().Include(c => c.ProductionUnits)
                         .Where(c => chunk.Contains(c.Cvr)).ToListAsync(cancellationToken))
            {
                existing[company.Cvr] = company;
            }
        }
        var pNumbers = mapping.TryGetValue(ImportField.PNumber, out var pColumn)
            ? table.Rows.Select(r => r.Cell(pColumn).Replace(" ", "", StringComparison.Ordinal)).Where(p => p.Length > 0).Distinct().ToList()
            : [];
        var pOwners = new Dictionary<string, (int CompanyId, string Name)>();
        foreach (var chunk in pNumbers.Chunk(500))
        {
            foreach (var owner in await db.ProductionUnits.AsNoTracking().Where(p => chunk.Contains(p.PNumber))
                         .Join(db.Companies, p => p.CompanyId, c => c.Id, (p, c) => new { p.PNumber, c.Id, c.Name })
                         .ToListAsync(cancellationToken))
            {
                pOwners[owner.PNumber] = (owner.Id, owner.Name);
            }
        }

        // A key account consultant is named by user name, e-mail or full name, as a spreadsheet would.
        var consultants = new Dictionary<string, string>(StringComparer.CurrentCultureIgnoreCase);
        if (mapping.ContainsKey(ImportField.KeyAccountConsultant))
        {
            foreach (var user in await db.Users.AsNoTracking().Select(u => new { u.Id, u.UserName, u.Email, u.FullName }).ToListAsync(cancellationToken))
            {
                foreach (var key in new[] { user.FullName, user.Email, user.UserName }.OfType<string>())
                {
                    consultants.TryAdd(key, user.Id);
                }
            }
        }

        var seenCvr = new Dictionary<string, int>();
        var seenP = new Dictionary<string, int>();
        for (var i = 0; i < table.Rows.Count; i++)
        {
            var row = table.Rows[i];
            var errors = new Errors();
            var cvr = CvrNumber.Normalize(row.Cell(mapping[ImportField.Cvr]));
            existing.TryGetValue(cvr, out var current);
            var command = Merge(row, mapping, current, consultants, errors);
            var values = SaveCompany.Validate(command, errors);
            if (CvrNumber.IsValid(cvr) && !seenCvr.TryAdd(cvr, row.Line))
            {
                errors.Add(nameof(SaveCompanyCommand.Cvr), string.Format(Messages.ImportCvrRepeated, seenCvr[cvr]));
            }
            foreach (var unit in command.ProductionUnits.Where(u => current?.ProductionUnits.All(p => p.PNumber != u.PNumber) ?? true))
            {
                if (pOwners.TryGetValue(unit.PNumber, out var owner) && owner.CompanyId != current?.Id)
                {
                    errors.Add(nameof(SaveCompanyCommand.ProductionUnits), string.Format(Messages.PNumberDuplicate, unit.PNumber, owner.Name));
                }
                else if (!seenP.TryAdd(unit.PNumber, row.Line) && seenP[unit.PNumber] != row.Line)
                {
                    errors.Add(nameof(SaveCompanyCommand.ProductionUnits), string.Format(Messages.PNumberRepeated, unit.PNumber));
                }
            }
            if (errors.Count > 0)
            {
                plan.Rejected.Add(new RejectedRow(row.Line, row.Cell(mapping[ImportField.Cvr]), row.Cell(mapping[ImportField.Name]),
                    [.. errors.Select(e => $"{ReasonField(e.Key)}: {e.Value}")]));
            }
            else if (current is not null && values.SameAs(SaveCompany.Validate(SaveCompanyCommand.From(current), [])))
            {
                plan.Unchanged++;
            }
            else
            {
                plan.Valid.Add((row.Line, command, current?.Id ?? 0));
            }
            if (i % 500 == 0)
            {
                progress?.Report(i * 100 / Math.Max(1, table.Rows.Count));
            }
        }
        progress?.Report(100);
        return plan;
    }

    /// <summary>Rows per transaction: short enough that other writers wait a moment at most (WriteGate), long enough to be fast.</summary>
    public const int BatchSize = 1_000;

    /// <summary>
    /// Creates and updates the valid rows in batches of <see cref="BatchSize"/>, one transaction each, so an import of
    /// 200,000 rows never holds SQLite's write lock for more than a moment. Should a batch fail, the batches before it
    /// stay saved, the rest is not, and the result says so; the import matches on CVR, so running the same file again
    /// finishes the job without duplicates.
    /// </summary>
    public async Task<ImportResult> ApplyAsync(ImportPlan plan, Table table, IReadOnlyDictionary<ImportField, int> mapping,
        Actor actor, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.Administer);
        var now = clock.GetUtcNow().UtcDateTime;
        int created = 0, updated = 0;
        string? failure = null;
        foreach (var batch in plan.Valid.Chunk(BatchSize))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var updateIds = batch.Where(v => v.ExistingId != 0).Select(v => v.ExistingId).ToList();
            var tracked = await db.Companies.Include(c => c.ProductionUnits).Where(c => updateIds.Contains(c.Id))
                .ToDictionaryAsync(c => c.Id, cancellationToken);
            foreach (var (_, command, existingId) in batch)
            {
                var values = SaveCompany.Validate(command, []);
                values.ApplyTo(existingId == 0 ? db.Companies.Add(new Company()).Entity : tracked[existingId]);
            }
            db.ChangeTracker.DetectChanges();
            try
            {
                await db.SaveChangesAsync(actor, now, cancellationToken);
            }
            catch (DbUpdateException)
            {
                failure = string.Format(Messages.ImportStoppedAtLine, batch[0].Line, batch[^1].Line, created + updated);
                break;
            }
            created += batch.Count(v => v.ExistingId == 0);
            updated += batch.Count(v => v.ExistingId != 0);
            progress?.Report((created + updated) * 100 / plan.Valid.Count);
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            Auditing.AuditLog.Add(db, actor, now, Auditing.AuditAction.CompaniesImported, "Virksomhedsregistret",
                after: $"{created} oprettet, {updated} opdateret" + (failure is null ? "" : $", afbrudt: {failure}"));
            await RememberMappingAsync(db, table.Headers, mapping, now, cancellationToken);
        }
        progress?.Report(100);
        return new ImportResult(created, updated, failure);
    }

    private static async Task RememberMappingAsync(ErhvervsdialogDbContext db, IReadOnlyList<string> headers,
        IReadOnlyDictionary<ImportField, int> mapping, DateTime now, CancellationToken cancellationToken)
    {
        var signature = Signature(headers);
        var saved = await db.ImportMappings.FirstOrDefaultAsync(m => m.HeaderSignature == signature, cancellationToken);
        if (saved is null)
        {
            saved = new ImportMapping { HeaderSignature = signature };
            db.ImportMappings.Add(saved);
        }
        saved.MappingJson = JsonSerializer.Serialize(mapping);
        saved.UpdatedAt = now;
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Signature(IReadOnlyList<string> headers)
    {
        var signature = string.Join('|', headers.Select(h => h.Trim().ToLowerInvariant()));
        return signature.Length > 2000 ? signature[..2000] : signature;
    }

    /// <summary>The company as it will be after the row: mapped, non-empty cells win; everything else stays.</summary>
    private static SaveCompanyCommand Merge(TableRow row, IReadOnlyDictionary<ImportField, int> mapping, Company? current,
        IReadOnlyDictionary<string, string> consultants, Errors errors)
    {
        var company = current is null ? new SaveCompanyCommand() : SaveCompanyCommand.From(current);
        string? Cell(ImportField field) => mapping.TryGetValue(field, out var column) && row.Cell(column) is { Length: > 0 } value ? value : null;

        var advertising = company.AdvertisingProtection;
        if (Cell(ImportField.AdvertisingProtection) is { } protectionText)
        {
            advertising = protectionText.ToLowerInvariant() switch
            {
                "ja" or "j" or "x" or "1" or "true" or "sand" => true,
                "nej" or "n" or "0" or "false" or "falsk" => false,
                _ => Fail(errors, nameof(ImportField.AdvertisingProtection), string.Format(Messages.ImportYesNoInvalid, protectionText), advertising),
            };
        }
        var status = current?.Status ?? CompanyStatus.Active;
        if (Cell(ImportField.Status) is { } statusText)
        {
            status = statusText.ToLowerInvariant() switch
            {
                "aktiv" or "normal" or "active" => CompanyStatus.Active,
                "ophørt" or "ophoert" or "ophørt virksomhed" or "ceased" or "opløst" => CompanyStatus.Ceased,
                _ => Fail(errors, nameof(ImportField.Status), string.Format(Messages.ImportStatusInvalid, statusText), status),
            };
        }
        var employees = company.EmployeeBand;
        if (Cell(ImportField.Employees) is { } employeesText)
        {
            employees = EmployeeBands.Parse(employeesText)
                ?? Fail(errors, nameof(ImportField.Employees), string.Format(Messages.ImportEmployeesInvalid, employeesText), employees);
        }
        var consultantId = company.KeyAccountConsultantId;
        if (Cell(ImportField.KeyAccountConsultant) is { } consultantText)
        {
            consultantId = consultants.GetValueOrDefault(consultantText.Trim())
                ?? Fail(errors, nameof(ImportField.KeyAccountConsultant), string.Format(Messages.ImportConsultantUnknown, consultantText), consultantId);
        }
        var tags = company.Tags;
        if (Cell(ImportField.Tags) is { } tagsText)
        {
            tags = [.. tags.Concat(tagsText.Split([',', ';', '|'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];
        }
        var units = company.ProductionUnits.ToList();
        var pNumber = Cell(ImportField.PNumber)?.Replace(" ", "", StringComparison.Ordinal);
        if (pNumber is not null && units.All(u => u.PNumber != pNumber))
        {
            units.Add(new ProductionUnitInput(pNumber, null, null));
        }
        return company with
        {
            Cvr = row.Cell(mapping[ImportField.Cvr]),
            Name = Cell(ImportField.Name) ?? company.Name,
            Address = Cell(ImportField.Address) ?? company.Address,
            PostalCode = Cell(ImportField.PostalCode) ?? company.PostalCode,
            City = Cell(ImportField.City) ?? company.City,
            IndustryCode = Cell(ImportField.IndustryCode) ?? company.IndustryCode,
            IndustryText = Cell(ImportField.IndustryText) ?? company.IndustryText,
            EmployeeBand = employees,
            Phone = Cell(ImportField.Phone) ?? company.Phone,
            Email = Cell(ImportField.Email) ?? company.Email,
            Website = Cell(ImportField.Website) ?? company.Website,
            KeyAccountConsultantId = consultantId,
            Tags = tags,
            AdvertisingProtection = advertising,
            Status = status,
            ProductionUnits = units,
        };
    }

    private static T Fail<T>(Errors errors, string field, string message, T fallback)
    {
        errors.Add(field, message);
        return fallback;
    }
}
