using Erhvervsdialog.Core.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.Messaging;

/// <summary>Puts a message's job on the Hangfire queue, at its due time; the job carries only the message id.</summary>
public sealed class MessageScheduler(IBackgroundJobClient jobs, TimeProvider clock)
{
    public void Schedule(Message message)
    {
        var delay = message.DueAt - clock.GetUtcNow().UtcDateTime;
        if (delay <= TimeSpan.Zero)
        {
            jobs.Enqueue<SendMessageJob>(job => job.RunAsync(message.Id));
        }
        else
        {
            jobs.Schedule<SendMessageJob>(job => job.RunAsync(message.Id), delay);
        }
    }

    /// <summary>
    /// For recurring jobs that may run twice at once (a slow run overlapping the next, a retried run): claims the record
    /// the messages are about with a conditional update, and stores the messages in the same transaction. The run that
    /// loses the claim (0 rows) stores nothing, so each message is made once. Returns whether this run made them.
    /// </summary>
    public async Task<bool> ClaimAndQueueAsync(ErhvervsdialogDbContext db, Func<Task<int>> claim, IReadOnlyList<Message> messages)
    {
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            if (await claim() == 0)
            {
                return false;
            }
            db.Messages.AddRange(messages);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
        foreach (var message in messages)
        {
            Schedule(message);
        }
        return true;
    }
}

/// <summary>
/// Sends one message, exactly once. The job first claims the message with a conditional update (only one worker
/// can move it from Scheduled to Sending); then sends; then records the outcome. A failure that certainly delivered
/// nothing is retried with backoff; an unknown outcome is left for a person to review, never sent twice. The feature
/// that owns the message may drop it before sending, fill in its text, and react to the outcome in the same save
/// (<see cref="IMessageHook"/>).
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class SendMessageJob(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, MessageDispatcher dispatcher,
    IEnumerable<IMessageHook> hooks, MessageScheduler scheduler, IOptions<MessagingOptions> options, TimeProvider clock,
    ILogger<SendMessageJob> logger)
{
    public async Task RunAsync(int messageId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync();
        // Quiet hours hold for every SMS, whoever planned it: a retry or an administrator's "send again" at night waits
        // for the morning. Moving the due time is a conditional update, so a worker that has claimed it is not disturbed.
        var morning = options.Value.Sms.EarliestSendTime(now);
        if (morning > now)
        {
            var held = await db.Messages
                .Where(m => m.Id == messageId && m.Channel == MessageChannel.Sms && m.Status == MessageStatus.Scheduled && m.DueAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.DueAt, morning));
            if (held > 0)
            {
                scheduler.Schedule(new Message { Id = messageId, DueAt = morning });
                return;
            }
        }
        var claimed = await db.Messages
            .Where(m => m.Id == messageId && m.Status == MessageStatus.Scheduled && m.DueAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Sending)
                .SetProperty(m => m.ClaimedAt, now)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1));
        if (claimed == 0)
        {
            return; // Another worker has it, it is not due yet, or it is done.
        }
        var message = await db.Messages.FirstAsync(m => m.Id == messageId);
        var hook = hooks.For(message.Kind);
        if (hook is not null && !await hook.StillWantedAsync(db, message, CancellationToken.None))
        {
            message.Status = MessageStatus.Cancelled;
            await db.SaveChangesAsync();
            return;
        }

        var body = (await hooks.BodiesAsync(db, [message], CancellationToken.None))[0];
        SendOutcome outcome;
        try
        {
            outcome = await dispatcher.For(message.Channel).SendAsync(message, body, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Sending message {MessageId} failed unexpectedly", messageId);
            outcome = new SendOutcome(SendResult.Unknown, "?", Error: ex.Message);
        }

        var after = clock.GetUtcNow().UtcDateTime;
        message.Transport = outcome.Transport;
        message.ProviderMessageId = outcome.ProviderMessageId ?? message.ProviderMessageId;
        message.LastError = outcome.Error;
        List<Message> next = [];
        switch (outcome.Result)
        {
            case SendResult.Sent:
                message.Status = MessageStatus.Sent;
                message.SentAt = after;
                break;
            case SendResult.RetryLater when message.Attempts < options.Value.MaxAttempts:
                message.Status = MessageStatus.Scheduled;
                message.DueAt = after + Backoff(message.Attempts);
                next.Add(message);
                break;
            case SendResult.RetryLater or SendResult.Rejected:
                message.Status = MessageStatus.Failed;
                break;
            case SendResult.NotAuthorized:
                // Our settings are wrong, not the message: it waits (the attempt does not count) and the administrators
                // are told, once in 12 hours however many messages wait.
                message.Status = MessageStatus.Scheduled;
                message.Attempts--;
                message.DueAt = after + options.Value.ConfigurationRetry;
                message.LastError = string.Format(Messages.GatewayNotAuthorized, outcome.Transport, outcome.Error);
                next.Add(message);
                next.AddRange(await OperationsAlerts.AddAsync(db, Messages.GatewayNotAuthorizedSubject,
                    string.Format(Messages.GatewayNotAuthorizedBody, outcome.Transport, outcome.Error, Common.DanishTime.DateTimeText(after)), after));
                break;
            default:
                message.Status = MessageStatus.NeedsReview;
                message.LastError = string.Format(Messages.MessageOutcomeUnknown, outcome.Error);
                break;
        }
        if (hook is not null)
        {
            next.AddRange(await hook.OnOutcomeAsync(db, message, CancellationToken.None));
        }
        await db.SaveChangesAsync();
        next.ForEach(scheduler.Schedule);
    }

    /// <summary>1, 2, 4 … minutes, at most 6 hours.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(360, Math.Pow(2, Math.Max(0, attempts - 1))));
}
