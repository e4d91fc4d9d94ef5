using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.Auditing;

/// <summary>Runs every night: deletes log rows older than their retention, and records in the audit log what it deleted.</summary>
public sealed class PruneLogsJob(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, IOptions<AuditOptions> options, TimeProvider clock)
{
    public const string RecurringJobId = "prune-logs";
    private static readonly Actor System = new("system", "system", new HashSet<string>()) { FullName = "Oprydning" };

    public async Task RunAsync()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var accessBefore = now.AddMonths(-Math.Max(1, options.Value.AccessLogMonths));
        var auditBefore = now.AddYears(-Math.Max(1, options.Value.AuditLogYears));
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var access = await db.AccessLog.Where(e => e.At < accessBefore).ExecuteDeleteAsync();
        var audit = await db.AuditLog.Where(e => e.At < auditBefore).ExecuteDeleteAsync();
        if (access + audit > 0)
        {
            AuditLog.Add(db, System, now, AuditAction.LogsPruned, "Adgangslog og revisionslog",
                after: $"{access} rækker i adgangsloggen før {DanishTime.Date(accessBefore)}, {audit} rækker i revisionsloggen før {DanishTime.Date(auditBefore)} slettet");
            await db.SaveChangesAsync();
        }
        await transaction.CommitAsync();
    }
}
