using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Messaging;

public sealed record OutboxQuery(MessageStatus? Status = null, MessageKind? Kind = null, int Page = 0, int PageSize = 25);

public sealed record OutboxRow(int Id, MessageKind Kind, MessageChannel Channel, string Recipient, string? Subject, string Body,
    MessageStatus Status, DateTime CreatedAt, DateTime DueAt, DateTime? SentAt, int Attempts, string? LastError, string? Transport,
    string? ProviderMessageId, string? AttachmentName)
{
    /// <summary>The SMS gateway's delivery report, if one has come.</summary>
    public MessageDelivery? Delivery { get; init; }
    public DateTime? DeliveryReportedAt { get; init; }
    public string? DeliveryError { get; init; }
}

/// <summary>
/// Administration → Udbakke: every message with its channel, status, attempts and provider id, shown exactly as it
/// was (or would be) sent, survey link included. A person decides about messages whose outcome is unknown.
/// </summary>
public sealed class Outbox(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, IEnumerable<IMessageHook> hooks, MessageScheduler scheduler,
    Microsoft.Extensions.Options.IOptions<MessagingOptions> options, TimeProvider clock)
{
    public async Task<(IReadOnlyList<OutboxRow> Items, int Total)> ListAsync(OutboxQuery query, Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.Administer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var messages = db.Messages.AsNoTracking();
        if (query.Status is { } status)
        {
            messages = messages.Where(m => m.Status == status);
        }
        if (query.Kind is { } kind)
        {
            messages = messages.Where(m => m.Kind == kind);
        }
        var total = await messages.CountAsync(cancellationToken);
        // The outbox shows recipients and texts: reading it is a read of personal data.
        Auditing.AccessLog.Add(db, actor, clock.GetUtcNow().UtcDateTime, Auditing.AccessAction.Read, nameof(Message), null,
            $"Udbakken, side {query.Page + 1}");
        await db.SaveChangesAsync(cancellationToken);
        var page = await messages.OrderByDescending(m => m.Id)
            .Skip(query.Page * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        // A link that has gone out is the recipient's key (a survey link lets anyone answer as the company): it is shown
        // only while the message has never been sent, for checking what will go out.
        var unsent = page.Where(m => m.SentAt is null).ToList();
        var bodies = (await hooks.BodiesAsync(db, unsent, cancellationToken)).Zip(unsent).ToDictionary(b => b.Second.Id, b => b.First);
        return (page.Select(m => new OutboxRow(m.Id, m.Kind, m.Channel, m.Recipient, m.Subject,
            bodies.GetValueOrDefault(m.Id) ?? m.Body.Replace(Message.LinkPlaceholder, Messages.LinkHiddenAfterSending, StringComparison.Ordinal), m.Status, m.CreatedAt, m.DueAt, m.SentAt, m.Attempts, m.LastError, m.Transport, m.ProviderMessageId, m.AttachmentName)
        {
            Delivery = m.Delivery, DeliveryReportedAt = m.DeliveryReportedAt, DeliveryError = m.DeliveryError,
        }).ToList(), total);
    }

    /// <summary>The SMS companies sent us, newest first, with what became of each (an answer, STOP, or kept to be read).</summary>
    public async Task<(IReadOnlyList<IncomingSms> Items, int Total)> IncomingAsync(int page, int pageSize, Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.Administer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var total = await db.IncomingSms.CountAsync(cancellationToken);
        Auditing.AccessLog.Add(db, actor, clock.GetUtcNow().UtcDateTime, Auditing.AccessAction.Read, nameof(IncomingSms), null,
            $"Indgående SMS, side {page + 1}");
        await db.SaveChangesAsync(cancellationToken);
        var items = await db.IncomingSms.AsNoTracking().OrderByDescending(m => m.Id).Skip(page * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return (items, total);
    }

    /// <summary>A message's attachment (an .ics or a PDF), exactly as it was sent.</summary>
    public async Task<(string Name, string Type, byte[] Content)?> AttachmentAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.Administer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Messages.AsNoTracking().Where(m => m.Id == id && m.Attachment != null)
            .Select(m => new { m.AttachmentName, m.AttachmentType, m.Attachment }).FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : (found.AttachmentName ?? "bilag", found.AttachmentType ?? "application/octet-stream", found.Attachment!);
    }

    /// <summary>A person has checked that a failed or unknown message did not arrive: send it again now.</summary>
    public async Task RetryAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.Administer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == id
            && (m.Status == MessageStatus.NeedsReview || m.Status == MessageStatus.Failed), cancellationToken);
        if (message is null)
        {
            return;
        }
        var before = message.Status;
        var now = clock.GetUtcNow().UtcDateTime;
        message.Status = MessageStatus.Scheduled;
        // An SMS asked for at night goes in the morning; the outbox shows when.
        message.DueAt = message.Channel == MessageChannel.Sms ? options.Value.Sms.EarliestSendTime(now) : now;
        Auditing.AuditLog.Add(db, actor, now, Auditing.AuditAction.MessageSentAgain, Subject(message), before.ToString(), message.Status.ToString());
        await db.SaveChangesAsync(cancellationToken);
        scheduler.Schedule(message);
    }

    /// <summary>A person has checked that a message with an unknown outcome did arrive.</summary>
    public async Task MarkSentAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.Administer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == id && m.Status == MessageStatus.NeedsReview, cancellationToken);
        if (message is null)
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        message.Status = MessageStatus.Sent;
        message.SentAt ??= message.ClaimedAt ?? now;
        message.LastError = $"{message.LastError} – markeret som sendt af {actor.DisplayName}";
        Auditing.AuditLog.Add(db, actor, now, Auditing.AuditAction.MessageMarkedReceived, Subject(message), nameof(MessageStatus.NeedsReview),
            message.Status.ToString());
        var next = hooks.For(message.Kind) is { } hook ? await hook.OnOutcomeAsync(db, message, cancellationToken) : [];
        await db.SaveChangesAsync(cancellationToken);
        next.ToList().ForEach(scheduler.Schedule);
    }

    private static string Subject(Message message) => $"Besked {message.Id} ({message.Kind}) til {message.Recipient}";
}
