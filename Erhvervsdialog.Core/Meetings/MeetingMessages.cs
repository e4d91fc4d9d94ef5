using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Meetings;

/// <summary>The meetings' <see cref="IMessageHook"/>: a reminder goes out only for a meeting that is still planned.</summary>
public sealed class MeetingMessages : IMessageHook
{
    /// <inheritdoc/>
    public IReadOnlySet<MessageKind> Kinds { get; } = new HashSet<MessageKind> { MessageKind.MeetingReminder };

    /// <inheritdoc/>
    public Task<bool> StillWantedAsync(ErhvervsdialogDbContext db, Message message, CancellationToken cancellationToken) =>
        db.DialogueMeetings.AnyAsync(m => m.Id == message.MeetingId && m.Status == MeetingStatus.Planned, cancellationToken);
}
