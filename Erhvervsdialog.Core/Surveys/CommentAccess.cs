using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Surveys;

/// <summary>
/// The one rule for what companies write in a survey: the director and administrators read every comment, a unit's
/// managers read their units' comments, nobody else reads any. Every surface that can show a comment (pages, timeline,
/// briefing, PDFs, exports, e-mails, reports) asks this.
/// </summary>
public sealed class CommentAccess
{
    private readonly bool _all;
    private readonly IReadOnlySet<int> _units;

    private CommentAccess(bool all, IReadOnlySet<int> units) => (_all, _units) = (all, units);

    /// <summary>Reads no comment: a role without <see cref="Policies.ReadComments"/>, or no reader at all.</summary>
    public static CommentAccess None { get; } = new(false, new HashSet<int>());

    /// <summary>Whether the reader may read any comment at all.</summary>
    public bool Any => _all || _units.Count > 0;

    /// <summary>The units whose comments the reader may read, or null for all of them.</summary>
    public IReadOnlySet<int>? Units => _all ? null : _units;

    public bool May(int? unitId) => _all || (unitId is { } id && _units.Contains(id));

    /// <summary>The comment if the reader may read the unit's comments; otherwise null.</summary>
    public string? Show(int? unitId, string? comment) => May(unitId) ? comment : null;

    public static async Task<CommentAccess> ForAsync(ErhvervsdialogDbContext db, Actor? reader, CancellationToken cancellationToken)
    {
        if (reader is null || !reader.May(Policies.ReadComments))
        {
            return None;
        }
        if (reader.MayOnEveryRecord(Policies.ReadComments))
        {
            return new CommentAccess(true, new HashSet<int>());
        }
        var managed = await db.UnitMembers.Where(m => m.UserId == reader.UserId && m.IsManager).Select(m => m.UnitId).ToListAsync(cancellationToken);
        return new CommentAccess(false, managed.ToHashSet());
    }
}
