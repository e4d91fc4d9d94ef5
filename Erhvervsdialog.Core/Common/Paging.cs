using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Common;

/// <summary>
/// Counting for the lists: exact up to <see cref="CountLimit"/>, "over 1.000" beyond it. A user needs the first page and
/// a sense of how many, and counting 100,000 matches of a broad word costs more than finding the first 25.
/// </summary>
public static class Paging
{
    public const int CountLimit = 1_000;

    public static async Task<(int Total, bool TotalIsLowerBound)> CountAsync<T>(IQueryable<T> query, CancellationToken cancellationToken)
    {
        var count = await query.Take(CountLimit + 1).CountAsync(cancellationToken);
        return count > CountLimit ? (CountLimit, true) : (count, false);
    }
}
