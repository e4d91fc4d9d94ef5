using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Companies;

/// <summary>Archives a company (or brings it back). Archived companies keep their history but leave the default list.</summary>
public sealed class ArchiveCompany(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, TimeProvider clock)
{
    public async Task<CommandResult> HandleAsync(int companyId, long version, bool archive, Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.ArchiveCompanies);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var company = await db.Companies.FirstOrDefaultAsync(c => c.Id == companyId, cancellationToken);
        if (company is null)
        {
            return CommandResult.Conflict(Messages.CompanyNotFound);
        }
        db.Entry(company).Property(c => c.Version).OriginalValue = version;
        var now = clock.GetUtcNow().UtcDateTime;
        company.ArchivedAt = archive ? now : null;
        if (!await db.TrySaveChangesAsync(actor, now, cancellationToken))
        {
            return CommandResult.Conflict(Messages.CompanyConflict);
        }
        return CommandResult.Ok(company.Id);
    }
}
