using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Companies;

public sealed record CompanyDetails(Company Company, string? KeyAccountConsultantName);

/// <summary>Loads a company with its production units and contact persons, and logs the read of the persons' data.</summary>
public sealed class GetCompany(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, TimeProvider clock)
{
    public async Task<CompanyDetails?> HandleAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var company = await db.Companies.AsNoTracking()
            .Include(c => c.ProductionUnits.OrderBy(p => p.PNumber))
            .Include(c => c.ContactPersons.OrderBy(p => p.Name))
            .Include(c => c.KeyAccountConsultant)
            .AsSplitQuery()
            .FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (company is null)
        {
            return null;
        }
        if (company.ContactPersons.Count > 0)
        {
            AccessLog.Add(db, actor, clock.GetUtcNow().UtcDateTime, AccessAction.Read, nameof(ContactPerson), null,
                $"{company.Name}: {string.Join(", ", company.ContactPersons.Select(p => p.Name))}");
            await db.SaveChangesAsync(cancellationToken);
        }
        return new CompanyDetails(company, company.KeyAccountConsultant?.FullName);
    }
}
