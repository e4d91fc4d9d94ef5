using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Auditing;

/// <summary>Adds audit-log rows to a context; they are saved with the act they describe.</summary>
public static class AuditLog
{
    public const int MaxText = 1000;

    public static void Add(ErhvervsdialogDbContext db, Actor actor, DateTime now, AuditAction action, string subject,
        string? before = null, string? after = null) =>
        db.AuditLog.Add(new AuditEntry
        {
            At = now,
            UserId = actor.UserId,
            UserName = actor.UserName,
            Action = action,
            Subject = Cut(subject)!,
            Before = Cut(before),
            After = Cut(after),
        });

    private static string? Cut(string? text) => text is { Length: > MaxText } ? text[..MaxText] : text;
}

public sealed record AuditLogQuery(string? UserName, AuditAction? Action, int Page, int PageSize);

/// <summary>Administration → Revisionslog.</summary>
public sealed class GetAuditLog(IDbContextFactory<ErhvervsdialogDbContext> dbFactory)
{
    public async Task<(IReadOnlyList<AuditEntry> Items, int Total)> HandleAsync(AuditLogQuery query, Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.Administer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = db.AuditLog.AsNoTracking();
        if (Validators.Trimmed(query.UserName) is { } userName)
        {
            entries = entries.Where(e => e.UserName == userName);
        }
        if (query.Action is { } action)
        {
            entries = entries.Where(e => e.Action == action);
        }
        var total = await entries.CountAsync(cancellationToken);
        var items = await entries.OrderByDescending(e => e.Id).Skip(query.Page * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return (items, total);
    }

    /// <summary>The newest entry of a kind: the last backup or retention run, for Administration → Drift.</summary>
    public async Task<AuditEntry?> LatestAsync(AuditAction action, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.Administer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditLog.AsNoTracking().Where(e => e.Action == action).OrderByDescending(e => e.Id).FirstOrDefaultAsync(cancellationToken);
    }
}
