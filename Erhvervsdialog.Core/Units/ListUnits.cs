using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Units;

public sealed class ListUnits(IDbContextFactory<ErhvervsdialogDbContext> dbFactory)
{
    /// <summary>All units, for every signed-in user (lists, filters, forms).</summary>
    public async Task<IReadOnlyList<UnitRow>> HandleAsync(bool activeOnly = false, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().Where(u => !activeOnly || u.IsActive)
            .Include(u => u.Members).ThenInclude(m => m.User)
            .OrderBy(u => u.Name).ToListAsync(cancellationToken);
        return units.Select(u => new UnitRow(u.Id, u.Name, u.ShortName, u.Topics, u.IsActive, u.Version,
                u.Members.Select(m => new UnitMemberRow(m.UserId, m.User?.FullName ?? "", m.IsManager))
                    .OrderByDescending(m => m.IsManager).ThenBy(m => m.FullName, StringComparer.Create(DanishTime.Culture, true)).ToList()))
            .ToList();
    }
}
