using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Contacts;

public enum ContactSort
{
    OccurredAt,
    Company,
    Unit,
    Channel,
    Status,
    CaseWorker,
}

public sealed record ContactQuery
{
    public int? UnitId { get; init; }
    public int? CompanyId { get; init; }
    /// <summary>UTC, inclusive.</summary>
    public DateTime? From { get; init; }
    /// <summary>UTC, exclusive.</summary>
    public DateTime? To { get; init; }
    public ContactStatus? Status { get; init; }
    public ContactChannel? Channel { get; init; }
    public string? CaseWorkerId { get; init; }
    public string? Topic { get; init; }
    public ContactSort SortBy { get; init; } = ContactSort.OccurredAt;
    public bool Descending { get; init; } = true;
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

public sealed record ContactRow(int Id, DateTime OccurredAt, int CompanyId, string CompanyName, string Cvr, int UnitId,
    string UnitShortName, string UnitName, ContactChannel Channel, string? Topic, string? CaseWorkerName,
    string? ContactPersonName, string? CaseReference, ContactStatus Status, DateTime? ClosedAt, string? Summary,
    bool SurveyAllowed, bool FromCaseSystem);

/// <summary>One page of the list; <see cref="Total"/> is exact unless <see cref="TotalIsLowerBound"/> (see <see cref="Paging"/>).</summary>
public sealed record ContactPage(IReadOnlyList<ContactRow> Items, int Total, bool TotalIsLowerBound = false);

/// <summary>The contacts list with filters, sorting and paging in SQL, and the same filter exported in full.</summary>
public sealed class SearchContacts(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxExportRows = 100_000;

    public async Task<ContactPage> HandleAsync(ContactQuery query, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.SignedIn);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contacts = Filter(db, query);
        var (total, lowerBound) = await Paging.CountAsync(contacts, cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, 500);
        var items = await Project(Sort(contacts, query.SortBy, query.Descending)
            .Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize)).ToListAsync(cancellationToken);
        AccessLog.Add(db, actor, clock.GetUtcNow().UtcDateTime, AccessAction.Search, nameof(Contact), null,
            $"{items.Count} af {(lowerBound ? "over " : "")}{total} henvendelser; filter: {Describe(query)}");
        await db.SaveChangesAsync(cancellationToken);
        return new ContactPage(items, total, lowerBound);
    }

    /// <summary>Every row the filter matches (up to <see cref="MaxExportRows"/>); logged, as it carries contact persons' names.</summary>
    public async Task<IReadOnlyList<ContactRow>> ExportAsync(ContactQuery query, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await Project(Sort(Filter(db, query), query.SortBy, query.Descending).Take(MaxExportRows))
            .ToListAsync(cancellationToken);
        AccessLog.Add(db, actor, clock.GetUtcNow().UtcDateTime, AccessAction.Export, nameof(Contact), null,
            $"{rows.Count} henvendelser; filter: {Describe(query)}");
        await db.SaveChangesAsync(cancellationToken);
        return rows;
    }

    private static string Describe(ContactQuery q) =>
        string.Join(", ", new[]
        {
            q.UnitId is { } u ? $"enhed {u}" : null,
            q.From is { } f ? $"fra {DanishTime.Date(f)}" : null,
            q.To is { } t ? $"til {DanishTime.Date(t)}" : null,
            q.Status?.ToString(), q.Channel?.ToString(),
            q.CaseWorkerId is { } w ? $"sagsbehandler {w}" : null,
            q.Topic is { } topic ? $"emne {topic}" : null,
        }.OfType<string>().DefaultIfEmpty("alle"));

    private static IQueryable<Contact> Filter(ErhvervsdialogDbContext db, ContactQuery q)
    {
        var contacts = db.Contacts.AsNoTracking();
        if (q.UnitId is { } unitId)
        {
            contacts = contacts.Where(c => c.UnitId == unitId);
        }
        if (q.CompanyId is { } companyId)
        {
            contacts = contacts.Where(c => c.CompanyId == companyId);
        }
        if (q.From is { } from)
        {
            contacts = contacts.Where(c => c.OccurredAt >= from);
        }
        if (q.To is { } to)
        {
            contacts = contacts.Where(c => c.OccurredAt < to);
        }
        if (q.Status is { } status)
        {
            contacts = contacts.Where(c => c.Status == status);
        }
        if (q.Channel is { } channel)
        {
            contacts = contacts.Where(c => c.Channel == channel);
        }
        if (Validators.Trimmed(q.CaseWorkerId) is { } caseWorkerId)
        {
            contacts = contacts.Where(c => c.CaseWorkerId == caseWorkerId);
        }
        if (Validators.Trimmed(q.Topic) is { } topic)
        {
            contacts = contacts.Where(c => c.Topic == topic);
        }
        return contacts;
    }

    private static IQueryable<Contact> Sort(IQueryable<Contact> contacts, ContactSort sortBy, bool descending) =>
        (sortBy, descending) switch
        {
            (ContactSort.Company, false) => contacts.OrderBy(c => c.Company!.NameSortKey).ThenByDescending(c => c.OccurredAt),
            (ContactSort.Company, true) => contacts.OrderByDescending(c => c.Company!.NameSortKey).ThenByDescending(c => c.OccurredAt),
            (ContactSort.Unit, false) => contacts.OrderBy(c => c.Unit!.ShortName).ThenByDescending(c => c.OccurredAt),
            (ContactSort.Unit, true) => contacts.OrderByDescending(c => c.Unit!.ShortName).ThenByDescending(c => c.OccurredAt),
            (ContactSort.Channel, false) => contacts.OrderBy(c => c.Channel).ThenByDescending(c => c.OccurredAt),
            (ContactSort.Channel, true) => contacts.OrderByDescending(c => c.Channel).ThenByDescending(c => c.OccurredAt),
            (ContactSort.Status, false) => contacts.OrderBy(c => c.Status).ThenByDescending(c => c.OccurredAt),
            (ContactSort.Status, true) => contacts.OrderByDescending(c => c.Status).ThenByDescending(c => c.OccurredAt),
            (ContactSort.CaseWorker, false) => contacts.OrderBy(c => c.CaseWorker!.FullName).ThenByDescending(c => c.OccurredAt),
            (ContactSort.CaseWorker, true) => contacts.OrderByDescending(c => c.CaseWorker!.FullName).ThenByDescending(c => c.OccurredAt),
            (_, false) => contacts.OrderBy(c => c.OccurredAt).ThenBy(c => c.Id),
            _ => contacts.OrderByDescending(c => c.OccurredAt).ThenByDescending(c => c.Id),
        };

    private static IQueryable<ContactRow> Project(IQueryable<Contact> contacts) =>
        contacts.Select(c => new ContactRow(c.Id, c.OccurredAt, c.CompanyId, c.Company!.Name, c.Company.Cvr, c.UnitId,
            c.Unit!.ShortName, c.Unit.Name, c.Channel, c.Topic, c.CaseWorker == null ? null : c.CaseWorker.FullName,
            c.ContactPerson == null ? null : c.ContactPerson.Name, c.CaseReference, c.Status, c.ClosedAt, c.Summary,
            c.SurveyAllowed, c.ApiClientId != null));
}
