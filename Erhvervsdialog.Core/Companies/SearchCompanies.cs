using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Companies;

public enum CompanySort
{
    Name,
    Cvr,
    PostalCode,
    City,
    IndustryCode,
    EmployeeBand,
    UpdatedAt,
}

public sealed record CompanyQuery
{
    public string? Text { get; init; }
    public CompanyStatus? Status { get; init; }
    public bool IncludeArchived { get; init; }
    public string? PostalCode { get; init; }
    public string? Tag { get; init; }
    public string? KeyAccountConsultantId { get; init; }
    public CompanySort SortBy { get; init; } = CompanySort.Name;
    public bool Descending { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
}

public sealed record CompanyRow(int Id, string Cvr, string Name, string? Address, string? PostalCode, string? City,
    string? IndustryCode, string? IndustryText, EmployeeBand EmployeeBand, CompanyStatus Status, bool Archived,
    string? KeyAccountConsultantName, List<string> Tags);

/// <summary>One page of the list; <see cref="Total"/> is exact unless <see cref="TotalIsLowerBound"/> (see <see cref="Paging"/>).</summary>
public sealed record CompanyPage(IReadOnlyList<CompanyRow> Items, int Total, bool TotalIsLowerBound = false);

/// <summary>The company register's list: one search box over the FTS5 index, filters, sorting and paging in SQL.</summary>
public sealed class SearchCompanies(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, TimeProvider clock)
{
    public async Task<CompanyPage> HandleAsync(CompanyQuery query, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.SignedIn);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var page = await RunAsync(db, query, cancellationToken);
        if (CompanySearchIndex.Words(query.Text).Count > 0)
        {
            // Company names can be personal data (sole proprietors): searches are logged like other reads.
            AccessLog.Add(db, actor, clock.GetUtcNow().UtcDateTime, AccessAction.Search, nameof(Company), null, query.Text);
            await db.SaveChangesAsync(cancellationToken);
        }
        return page;
    }

    internal static async Task<CompanyPage> RunAsync(ErhvervsdialogDbContext db, CompanyQuery query,
        CancellationToken cancellationToken)
    {
        var postgreSql = db.Database.IsNpgsql();
        var match = postgreSql ? CompanySearchIndex.ToTsQuery(query.Text) : CompanySearchIndex.ToMatchQuery(query.Text);
        // How many companies the words match, counted in the search index alone and only to the limit: cheap, and it
        // tells a broad word ("helsingør": an eighth of the register) from a narrow one.
        var limit = Paging.CountLimit + 1;
        var broad = match is not null && await (postgreSql
            ? db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM (SELECT 1 FROM \"Companies\" WHERE \"SearchVector\" @@ to_tsquery('simple', {match}) LIMIT {limit}) AS m")
            : db.Database.SqlQuery<int>($"SELECT count(*) AS Value FROM (SELECT 1 FROM CompanySearch WHERE CompanySearch MATCH {match} LIMIT {limit})"))
            .SingleAsync(cancellationToken) > Paging.CountLimit;
        var byName = query.SortBy == CompanySort.Name;
        var companies = Filter(db, query, match, broad, walkNameOrder: broad && byName, postgreSql);
        var (total, lowerBound) = broad && !HasFilters(query)
            ? (Paging.CountLimit, true)
            : await Paging.CountAsync(companies, cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, 500);
        var items = await Sort(companies, query.SortBy, query.Descending)
            .Skip(Math.Max(0, query.Page) * pageSize).Take(pageSize)
            .Select(c => new CompanyRow(c.Id, c.Cvr, c.Name, c.Address, c.PostalCode, c.City, c.IndustryCode,
                c.IndustryText, c.EmployeeBand, c.Status, c.ArchivedAt != null,
                c.KeyAccountConsultant == null ? null : c.KeyAccountConsultant.FullName, c.Tags))
            .ToListAsync(cancellationToken);
        return new CompanyPage(items, total, lowerBound);
    }

    /// <summary>Filters besides the words and the default "not archived".</summary>
    private static bool HasFilters(CompanyQuery query) =>
        query.IncludeArchived || query.Status is not null || Validators.Trimmed(query.PostalCode) is not null
        || Validators.Trimmed(query.Tag) is not null || Validators.Trimmed(query.KeyAccountConsultantId) is not null;

    /// <summary>
    /// The words go through the FTS5 index. A narrow search reads its few matches and sorts them. A broad one sorted by
    /// name walks the name index instead and keeps the rows the words match, so the first page is found after a few
    /// hundred rows rather than after sorting thousands (SQLite's planner would sort). On PostgreSQL the planner walks the
    /// name index by itself for a broad search; a narrow one is read through the search index first.
    /// </summary>
    private static IQueryable<Company> Filter(ErhvervsdialogDbContext db, CompanyQuery query, string? match, bool broad, bool walkNameOrder,
        bool postgreSql)
    {
        var companies = match is null
            ? db.Companies.AsNoTracking()
            : postgreSql && broad
            ? db.Companies.FromSql($"SELECT * FROM \"Companies\" WHERE \"SearchVector\" @@ to_tsquery('simple', {match})").AsNoTracking()
            : postgreSql
            // At most 1,000 matches: read them through the index, then sort. Left to itself the planner may walk the name
            // index instead, expecting a prefix to match more often than it does (2 s for a CVR prefix over 800,000).
            ? db.Companies.FromSql($"WITH m AS MATERIALIZED (SELECT * FROM \"Companies\" WHERE \"SearchVector\" @@ to_tsquery('simple', {match})) SELECT * FROM m").AsNoTracking()
            : walkNameOrder
                ? db.Companies.FromSql($"SELECT * FROM Companies INDEXED BY IX_Companies_NameSortKey_Id WHERE Id IN (SELECT rowid FROM CompanySearch WHERE CompanySearch MATCH {match})").AsNoTracking()
                : db.Companies.FromSql($"SELECT * FROM Companies WHERE Id IN (SELECT rowid FROM CompanySearch WHERE CompanySearch MATCH {match})").AsNoTracking();
        if (!query.IncludeArchived)
        {
            companies = companies.Where(c => c.ArchivedAt == null);
        }
        if (query.Status is { } status)
        {
            companies = companies.Where(c => c.Status == status);
        }
        if (Validators.Trimmed(query.PostalCode) is { } postalCode)
        {
            companies = companies.Where(c => c.PostalCode == postalCode);
        }
        if (Validators.Trimmed(query.Tag) is { } tag)
        {
            companies = companies.Where(c => c.Tags.Contains(tag));
        }
        if (Validators.Trimmed(query.KeyAccountConsultantId) is { } consultantId)
        {
            companies = companies.Where(c => c.KeyAccountConsultantId == consultantId);
        }
        return companies;
    }

    private static IQueryable<Company> Sort(IQueryable<Company> companies, CompanySort sortBy, bool descending) =>
        (sortBy, descending) switch
        {
            (CompanySort.Cvr, false) => companies.OrderBy(c => c.Cvr),
            (CompanySort.Cvr, true) => companies.OrderByDescending(c => c.Cvr),
            (CompanySort.PostalCode, false) => companies.OrderBy(c => c.PostalCode).ThenBy(c => c.NameSortKey),
            (CompanySort.PostalCode, true) => companies.OrderByDescending(c => c.PostalCode).ThenBy(c => c.NameSortKey),
            (CompanySort.City, false) => companies.OrderBy(c => c.City).ThenBy(c => c.NameSortKey),
            (CompanySort.City, true) => companies.OrderByDescending(c => c.City).ThenBy(c => c.NameSortKey),
            (CompanySort.IndustryCode, false) => companies.OrderBy(c => c.IndustryCode).ThenBy(c => c.NameSortKey),
            (CompanySort.IndustryCode, true) => companies.OrderByDescending(c => c.IndustryCode).ThenBy(c => c.NameSortKey),
            (CompanySort.EmployeeBand, false) => companies.OrderBy(c => c.EmployeeBand).ThenBy(c => c.NameSortKey),
            (CompanySort.EmployeeBand, true) => companies.OrderByDescending(c => c.EmployeeBand).ThenBy(c => c.NameSortKey),
            (CompanySort.UpdatedAt, false) => companies.OrderBy(c => c.UpdatedAt),
            (CompanySort.UpdatedAt, true) => companies.OrderByDescending(c => c.UpdatedAt),
            (_, true) => companies.OrderByDescending(c => c.NameSortKey).ThenByDescending(c => c.Id),
            _ => companies.OrderBy(c => c.NameSortKey).ThenBy(c => c.Id),
        };
}
