using Erhvervsdialog.Core.Data;

namespace Erhvervsdialog.Core.Messaging;

/// <summary>
/// How a feature reacts to its own messages. Messaging sends messages and records their outcomes and knows no feature;
/// a feature that must fill in a text when it is sent, drop a message that is no longer wanted, or act on an outcome
/// registers one hook for the kinds it owns (surveys: <see cref="Surveys.SurveyPlanner"/>; meetings: <see cref="Meetings.MeetingMessages"/>).
/// </summary>
public interface IMessageHook
{
    /// <summary>The kinds of message the feature owns.</summary>
    IReadOnlySet<MessageKind> Kinds { get; }

    /// <summary>Just before sending: false cancels the message, e.g. a reminder for a survey that has been answered.</summary>
    Task<bool> StillWantedAsync(ErhvervsdialogDbContext db, Message message, CancellationToken cancellationToken) => Task.FromResult(true);

    /// <summary>The texts exactly as sent or shown, by message id (e.g. the survey link filled in); the stored text if absent.</summary>
    Task<IReadOnlyDictionary<int, string>> BodiesAsync(ErhvervsdialogDbContext db, IReadOnlyList<Message> messages,
        CancellationToken cancellationToken) => Task.FromResult<IReadOnlyDictionary<int, string>>(new Dictionary<int, string>());

    /// <summary>
    /// After the outcome (<see cref="Message.Status"/>) is set, before it is saved: the feature updates its own records in
    /// the same save, and returns any messages it added, which are scheduled after the save.
    /// </summary>
    Task<IReadOnlyList<Message>> OnOutcomeAsync(ErhvervsdialogDbContext db, Message message, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Message>>([]);

    /// <summary>
    /// The gateway reports that a sent SMS was not delivered (<see cref="Message.Delivery"/> is set): the feature may send
    /// it another way. Returns the messages it added, scheduled after the save.
    /// </summary>
    Task<IReadOnlyList<Message>> OnDeliveryFailedAsync(ErhvervsdialogDbContext db, Message message, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Message>>([]);

    /// <summary>
    /// An SMS came in. A feature that recognises it as a reply to one of its messages sets its
    /// <see cref="IncomingSms.Outcome"/> and records it in the same save; otherwise it is kept for staff.
    /// Returns the messages it added (e.g. a follow-up's notice), scheduled after the save.
    /// </summary>
    Task<IReadOnlyList<Message>> OnReplyAsync(ErhvervsdialogDbContext db, IncomingSms reply, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Message>>([]);
}

/// <summary>Finds the hook that owns a message.</summary>
public static class MessageHooks
{
    public static IMessageHook? For(this IEnumerable<IMessageHook> hooks, MessageKind kind) =>
        hooks.FirstOrDefault(h => h.Kinds.Contains(kind));

    /// <summary>The texts of <paramref name="messages"/>, in order, as sent or shown.</summary>
    public static async Task<IReadOnlyList<string>> BodiesAsync(this IEnumerable<IMessageHook> hooks, ErhvervsdialogDbContext db,
        IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        var bodies = new Dictionary<int, string>();
        foreach (var hook in hooks)
        {
            var owned = messages.Where(m => hook.Kinds.Contains(m.Kind)).ToList();
            if (owned.Count > 0)
            {
                foreach (var (id, body) in await hook.BodiesAsync(db, owned, cancellationToken))
                {
                    bodies[id] = body;
                }
            }
        }
        return messages.Select(m => bodies.GetValueOrDefault(m.Id, m.Body)).ToList();
    }
}
