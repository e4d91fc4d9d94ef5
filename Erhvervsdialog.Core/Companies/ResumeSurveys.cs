using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Companies;

/// <summary>
/// Undoes a company's "no more surveys" from the answer page, when it says so (by phone, say). Staff who may edit
/// companies do it; the revision log says who and when.
/// </summary>
public sealed class ResumeSurveys(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, TimeProvider clock)
{
    public async Task<CommandResult> HandleAsync(int companyId, long version, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.EditCompanies);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var company = await db.Companies.FirstOrDefaultAsync(c => c.Id == companyId, cancellationToken);
        if (company is null)
        {
            return CommandResult.Conflict(Messages.CompanyNotFound);
        }
        db.Entry(company).Property(c => c.Version).OriginalValue = version;
        company.SurveyOptOut = false;
        var now = clock.GetUtcNow().UtcDateTime;
        AuditLog.Add(db, actor, now, AuditAction.SurveysResumed, $"Virksomhed {company.Name} ({company.Cvr})", "Har frabedt sig målinger", "Får målinger");
        return await db.TrySaveChangesAsync(actor, now, cancellationToken)
            ? CommandResult.Ok(company.Id)
            : CommandResult.Conflict(Messages.CompanyConflict);
    }
}
