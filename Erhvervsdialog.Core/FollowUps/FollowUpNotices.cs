using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.FollowUps;

/// <summary>The e-mails about follow-ups: to the unit's managers when one is created, to the director when one is overdue.</summary>
public static class FollowUpNotices
{
    public static Task<List<string>> EmailsInRoleAsync(ErhvervsdialogDbContext db, string role) =>
        db.UserRoles.Join(db.Roles.Where(r => r.Name == role), ur => ur.RoleId, r => r.Id, (ur, r) => ur.UserId)
            .Join(db.Users.Where(u => u.IsActive && u.Email != null), id => id, u => u.Id, (id, u) => u.Email!)
            .Distinct().ToListAsync();

    public static Task<List<(string UserId, string Email)>> UnitManagersAsync(ErhvervsdialogDbContext db, int unitId) =>
        db.UnitMembers.Where(m => m.UnitId == unitId && m.IsManager && m.User!.IsActive && m.User.Email != null)
            .Select(m => new ValueTuple<string, string>(m.UserId, m.User!.Email!)).ToListAsync();

    public static Message Created(FollowUp followUp, string email, DateTime now) => new()
    {
        Kind = MessageKind.FollowUpCreated,
        Channel = MessageChannel.Email,
        Recipient = email,
        Subject = string.Format(Messages.FollowUpCreatedSubject, followUp.Title),
        Body = string.Format(Messages.FollowUpCreatedBody, followUp.Title, followUp.Description),
        Status = MessageStatus.Scheduled,
        CreatedAt = now,
        DueAt = now,
    };

    public static Message Escalation(FollowUp followUp, string email, int days, DateTime now) => new()
    {
        Kind = MessageKind.FollowUpEscalated,
        Channel = MessageChannel.Email,
        Recipient = email,
        Subject = string.Format(Messages.FollowUpEscalatedSubject, days, followUp.Title),
        Body = string.Format(Messages.FollowUpEscalatedBody, days, followUp.Title, followUp.Description),
        Status = MessageStatus.Scheduled,
        CreatedAt = now,
        DueAt = now,
        FollowUpId = followUp.Id,
    };
}
