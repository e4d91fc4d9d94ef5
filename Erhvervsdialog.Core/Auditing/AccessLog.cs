using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Auditing;

/// <summary>Adds access-log rows to a context; they are saved with the change they describe, or on their own for reads.</summary>
public static class AccessLog
{
    public static void Add(ErhvervsdialogDbContext db, Actor actor, DateTime now, AccessAction action,
        string entityType, object? entityId, string? detail = null)
    {
        db.AccessLog.Add(new AccessLogEntry
        {
            At = now,
            UserId = actor.UserId,
            UserName = actor.UserName,
            Action = action,
            EntityType = entityType,
            EntityId = entityId?.ToString(),
            Detail = detail is { Length: > 500 } ? detail[..500] : detail,
        });
    }
}

public sealed record AccessLogQuery(string? UserName, AccessAction? Action, DateTime? FromUtc, DateTime? ToUtc, int Page, int PageSize);

public sealed class GetAccessLog(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, TimeProvider clock)
{
    public async Task<(IReadOnlyList<AccessLogEntry> Items, int Total)> HandleAsync(AccessLogQuery query, Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.Administer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = db.AccessLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.UserName))
        {
            entries = entries.Where(e => e.UserName == query.UserName.Trim());
        }
        if (query.Action is { } action)
        {
            entries = entries.Where(e => e.Action == action);
        }
        if (query.FromUtc is { } from)
        {
            entries = entries.Where(e => e.At >= from);
        }
        if (query.ToUtc is { } to)
        {
            entries = entries.Where(e => e.At < to);
        }
        var total = await entries.CountAsync(cancellationToken);
        var items = await entries.OrderByDescending(e => e.Id)
            .Skip(query.Page * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        // Who read the access log is itself on record.
        AuditLog.Add(db, actor, clock.GetUtcNow().UtcDateTime, AuditAction.AccessLogRead, "Adgangsloggen",
            after: $"side {query.Page + 1}; bruger: {query.UserName ?? "alle"}; handling: {query.Action?.ToString() ?? "alle"}");
        await db.SaveChangesAsync(cancellationToken);
        return (items, total);
    }
}
