using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Resources;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Contacts;

public enum TimelineKind
{
    Contact,
    Note,
}

/// <summary>One entry in a company's history; later issues add meetings, follow-ups and survey answers as kinds.</summary>
public sealed record TimelineItem(TimelineKind Kind, int Id, DateTime At, int? UnitId, string? UnitName, string Title,
    string? Text, string? Who, ContactStatus? Status, ContactChannel? Channel, string? SurveyNote = null);

/// <summary>"Who has been in touch": a unit or a person, with the date of their last contact.</summary>
public sealed record LastTouch(string Name, string? Detail, DateTime LastAt, int Count);

public sealed record CompanyTimeline(IReadOnlyList<TimelineItem> Items, int Total, IReadOnlyList<LastTouch> Units,
    IReadOnlyList<LastTouch> People);

public sealed record TimelineQuery(int CompanyId, int? UnitId = null, TimelineKind? Kind = null, int Take = 50);

/// <summary>A company's whole history across all units, newest first, with who has been in touch.</summary>
public sealed class GetCompanyTimeline(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, TimeProvider clock)
{
    public async Task<CompanyTimeline> HandleAsync(TimelineQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var take = Math.Clamp(query.Take, 1, 5000);

        var contacts = db.Contacts.AsNoTracking().Where(c => c.CompanyId == query.CompanyId);
        if (query.UnitId is { } unitId)
        {
            contacts = contacts.Where(c => c.UnitId == unitId);
        }
        var notes = db.CompanyNotes.AsNoTracking().Where(n => n.CompanyId == query.CompanyId);
        var includeContacts = query.Kind is null or TimelineKind.Contact;
        // Notes belong to no unit, so a unit filter shows contacts only.
        var includeNotes = query.Kind is null or TimelineKind.Note && query.UnitId is null;

        var items = new List<TimelineItem>();
        var total = 0;
        if (includeContacts)
        {
            total += await contacts.CountAsync(cancellationToken);
            items.AddRange(await contacts.OrderByDescending(c => c.OccurredAt).ThenByDescending(c => c.Id).Take(take)
                .Select(c => new TimelineItem(TimelineKind.Contact, c.Id, c.OccurredAt, c.UnitId, c.Unit!.Name,
                    c.Topic ?? "", c.Summary, c.CaseWorker == null ? null : c.CaseWorker.FullName, c.Status, c.Channel, c.SurveyNote))
                .ToListAsync(cancellationToken));
        }
        if (includeNotes)
        {
            total += await notes.CountAsync(cancellationToken);
            items.AddRange(await notes.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(take)
                .Select(n => new TimelineItem(TimelineKind.Note, n.Id, n.CreatedAt, null, null, "", n.Text,
                    n.CreatedByName, null, null))
                .ToListAsync(cancellationToken));
        }
        var page = items.OrderByDescending(i => i.At).ThenByDescending(i => i.Id).Take(take).ToList();

        var all = db.Contacts.AsNoTracking().Where(c => c.CompanyId == query.CompanyId);
        var units = (await all.GroupBy(c => c.Unit!.Name)
                .Select(g => new { Name = g.Key, LastAt = g.Max(c => c.OccurredAt), Count = g.Count() })
                .ToListAsync(cancellationToken))
            .Select(g => new LastTouch(g.Name, null, g.LastAt, g.Count)).OrderByDescending(t => t.LastAt).ToList();
        var people = (await all.Where(c => c.CaseWorkerId != null)
                .GroupBy(c => new { c.CaseWorker!.FullName, Unit = c.Unit!.ShortName })
                .Select(g => new { g.Key.FullName, g.Key.Unit, LastAt = g.Max(c => c.OccurredAt), Count = g.Count() })
                .ToListAsync(cancellationToken))
            .Select(g => new LastTouch(g.FullName, g.Unit, g.LastAt, g.Count)).OrderByDescending(t => t.LastAt).ToList();
        return new CompanyTimeline(page, total, units, people);
    }

    public async Task<CommandResult> AddNoteAsync(int companyId, string? text, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(string.Join(',', Roles.All));
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
