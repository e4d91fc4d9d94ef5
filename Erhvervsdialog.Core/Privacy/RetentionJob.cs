using Erhvervsdialog.Core.Auditing;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.Privacy;

/// <summary>How long each kind of personal data is kept (Erhvervsdialog:Retention). The defaults are written in README.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Erhvervsdialog:Retention";

    /// <summary>A contact person with no contact, meeting or change for this long is erased everywhere.</summary>
    public int ContactPersonYears { get; set; } = 5;
    /// <summary>Free-text survey answers (the comment and text questions) are blanked; the scores stay for the statistics.</summary>
    public int SurveyCommentYears { get; set; } = 2;
    /// <summary>Sent messages lose recipient, text and attachment; the row (kind, time, outcome) stays.</summary>
    public int MessageMonths { get; set; } = 6;
    /// <summary>Stored report PDFs are deleted; a report for any period can be made again from the data.</summary>
    public int ReportYears { get; set; } = 5;
    /// <summary>Reads and changes of personal data.</summary>
    public int AccessLogMonths { get; set; } = 6;
    /// <summary>Administrative acts.</summary>
    public int AuditLogYears { get; set; } = 5;
}

/// <summary>
/// Runs every night: applies <see cref="RetentionOptions"/>. Contacts, meetings and survey answers are records the
/// municipality must keep (arkivloven), so they are anonymised, not deleted. Works in batches of
/// <see cref="BatchSize"/> rows, each its own short transaction, so no other writer waits long; safe to stop and to run
/// twice (each batch picks only rows not yet done). Records what it did in the audit log, shown under Administration → Drift.
/// </summary>
public sealed class RetentionJob(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, IOptions<RetentionOptions> options, TimeProvider clock)
{
    public const string RecurringJobId = "retention";
    public const int BatchSize = 500;
    private static readonly Actor System = new("system", "system", new HashSet<string>()) { FullName = "Sletning efter frister" };

    public async Task<string> RunAsync()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var o = options.Value;
        var personsBefore = now.AddYears(-Math.Max(1, o.ContactPersonYears));
        var commentsBefore = now.AddYears(-Math.Max(1, o.SurveyCommentYears));
        var messagesBefore = now.AddMonths(-Math.Max(1, o.MessageMonths));
        var reportsBefore = now.AddYears(-Math.Max(1, o.ReportYears));
        var accessBefore = now.AddMonths(-Math.Max(1, o.AccessLogMonths));
        var auditBefore = now.AddYears(-Math.Max(1, o.AuditLogYears));

        var persons = await BatchesAsync(async db =>
        {
            var ids = await db.ContactPersons
                .Where(p => p.UpdatedAt < personsBefore
                            && !db.Contacts.Any(c => c.ContactPersonId == p.Id && c.OccurredAt >= personsBefore)
                            && !db.MeetingParticipants.Any(m => m.ContactPersonId == p.Id
                                                                && db.DialogueMeetings.Any(d => d.Id == m.MeetingId && d.StartsAt >= personsBefore)))
                .OrderBy(p => p.Id).Select(p => p.Id).Take(BatchSize / 10).ToListAsync();
            foreach (var id in ids)
            {
                await using var one = await dbFactory.CreateDbContextAsync();
                await using var transaction = await one.Database.BeginTransactionAsync();
                if (await one.ContactPersons.FindAsync(id) is { } person)
                {
                    await ContactPersonErasure.EraseAsync(one, person);
                    AccessLog.Add(one, System, now, AccessAction.Delete, nameof(Companies.ContactPerson), id, Messages.RetentionPersonErased);
                    await one.SaveChangesAsync();
                }
                await transaction.CommitAsync();
            }
            return ids.Count;
        });
        var comments = await BatchesAsync(async db =>
        {
            var ids = await db.SurveyResponses
                .Where(r => r.SubmittedAt < commentsBefore && (r.Comment != null || r.Answers.Any(a => a.Text != null)))
                .OrderBy(r => r.Id).Select(r => r.Id).Take(BatchSize).ToListAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.SurveyResponses.Where(r => ids.Contains(r.Id)).ExecuteUpdateAsync(s => s.SetProperty(r => r.Comment, (string?)null));
            await db.Set<Surveys.SurveyAnswer>().Where(a => ids.Contains(a.ResponseId) && a.Text != null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Text, (string?)null));
            await transaction.CommitAsync();
            return ids.Count;
        });
        var messages = await BatchesAsync(async db =>
        {
            var ids = await db.Messages
                .Where(m => m.CreatedAt < messagesBefore && m.Recipient != ContactPersonErasure.Erased
                            && m.Status != MessageStatus.Scheduled && m.Status != MessageStatus.Sending)
                .OrderBy(m => m.Id).Select(m => m.Id).Take(BatchSize).ToListAsync();
            return await db.Messages.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Recipient, ContactPersonErasure.Erased).SetProperty(m => m.Body, ContactPersonErasure.Erased)
                .SetProperty(m => m.Attachment, (byte[]?)null));
        });
        var incoming = await BatchesAsync(async db =>
        {
            var ids = await db.IncomingSms.Where(m => m.ReceivedAt < messagesBefore && m.From != ContactPersonErasure.Erased)
                .OrderBy(m => m.Id).Select(m => m.Id).Take(BatchSize).ToListAsync();
            return await db.IncomingSms.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.From, ContactPersonErasure.Erased).SetProperty(m => m.Text, ContactPersonErasure.Erased));
        });
        var invitations = await BatchesAsync(async db =>
        {
            var ids = await db.SurveyInvitations.Where(i => i.CreatedAt < messagesBefore && i.Recipient != ContactPersonErasure.Erased)
                .OrderBy(i => i.Id).Select(i => i.Id).Take(BatchSize).ToListAsync();
            return await db.SurveyInvitations.Where(i => ids.Contains(i.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Recipient, ContactPersonErasure.Erased));
        });
        var reports = await BatchesAsync(async db =>
        {
            var ids = await db.Reports.Where(r => r.CreatedAt < reportsBefore).OrderBy(r => r.Id).Select(r => r.Id).Take(BatchSize / 10).ToListAsync();
            return await db.Reports.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync();
        });
        var access = await BatchesAsync(async db =>
        {
            var ids = await db.AccessLog.Where(e => e.At < accessBefore).OrderBy(e => e.Id).Select(e => e.Id).Take(BatchSize * 4).ToListAsync();
            return await db.AccessLog.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync();
        });
        var audit = await BatchesAsync(async db =>
        {
            var ids = await db.AuditLog.Where(e => e.At < auditBefore).OrderBy(e => e.Id).Select(e => e.Id).Take(BatchSize * 4).ToListAsync();
            return await db.AuditLog.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync();
        });

        var summary = string.Format(Messages.RetentionSummary, persons, comments, messages + incoming + invitations, reports, access, audit);
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            AuditLog.Add(db, System, now, AuditAction.RetentionApplied, Messages.RetentionSubject, after: summary);
            await db.SaveChangesAsync();
        }
        return summary;
    }

    /// <summary>Runs a batch (with its own context) until one does nothing; returns the rows done.</summary>
    private async Task<int> BatchesAsync(Func<ErhvervsdialogDbContext, Task<int>> batch)
    {
        var total = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var done = await batch(db);
            if (done == 0)
            {
                return total;
            }
            total += done;
        }
    }
}
