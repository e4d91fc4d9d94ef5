using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Contacts;

/// <summary>A note on a company's timeline; any signed-in user may add one.</summary>
public sealed class AddCompanyNote(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, TimeProvider clock)
{
    public async Task<CommandResult> HandleAsync(int companyId, string? text, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.SignedIn);
        var errors = new Errors();
        var note = errors.Text("Text", text, 4000);
        if (note is null)
        {
            errors.Add("Text", Messages.NoteRequired);
        }
        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Companies.AnyAsync(c => c.Id == companyId, cancellationToken))
        {
            return CommandResult.Conflict(Messages.CompanyNotFound);
        }
        var entity = new CompanyNote
        {
            CompanyId = companyId, Text = note!, CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatedById = actor.UserId, CreatedByName = actor.DisplayName,
        };
        db.CompanyNotes.Add(entity);
        await db.SaveChangesAsync(cancellationToken);
        return CommandResult.Ok(entity.Id);
    }
}
