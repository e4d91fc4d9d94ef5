using System.Security.Cryptography;
using System.Text;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Messaging;
using Erhvervsdialog.Core.Surveys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.Meetings;

/// <summary>
/// Each user's private calendar feed of the dialogue meetings they take part in, for Outlook or Google Calendar to
/// subscribe to. The address carries a random secret; only its SHA-256 is stored, so it is shown once, and a new one
/// (or revoking it) makes the old address stop working at once.
/// </summary>
public sealed class CalendarFeed(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, IOptions<SurveyOptions> surveys,
    IOptions<MessagingOptions> messaging, TimeProvider clock)
{
    public const string PathPrefix = "kalender";

    public async Task<bool> HasFeedAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AnyAsync(u => u.Id == actor.UserId && u.CalendarFeedHash != null, cancellationToken);
    }

    /// <summary>Makes a new secret address (replacing any earlier one) and returns it.</summary>
    public async Task<string> CreateAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        await SetAsync(actor, Hash(token), cancellationToken);
        return $"{surveys.Value.PublicBaseUrl.TrimEnd('/')}/{PathPrefix}/{token}.ics";
    }

    public Task RevokeAsync(Actor actor, CancellationToken cancellationToken = default) => SetAsync(actor, null, cancellationToken);

    /// <summary>The feed for a secret, or null when no active user has it.</summary>
    public async Task<string?> RenderAsync(string token, CancellationToken cancellationToken = default)
    {
        if (token.Length is < 20 or > 100)
        {
            return null;
        }
        var hash = Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().Where(u => u.CalendarFeedHash == hash && u.IsActive)
            .Select(u => new { u.Id, u.FullName, u.Email }).FirstOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var from = now.AddDays(-90);
        var meetings = await db.DialogueMeetings.AsNoTracking().Include(m => m.Participants)
            .Where(m => m.EndsAt >= from && m.Participants.Any(p => p.UserId == user.Id))
            .OrderBy(m => m.StartsAt).Take(1000)
            .Select(m => new { Meeting = m, CompanyName = m.Company!.Name })
            .ToListAsync(cancellationToken);
        var organizer = new MeetingCalendar.Organizer(messaging.Value.Smtp.FromName, messaging.Value.Smtp.From);
        // The feed lists the participants of every meeting: each fetch by the user's calendar is on record.
        Auditing.AccessLog.Add(db, new Actor(user.Id, user.FullName, new HashSet<string>()), now, Auditing.AccessAction.Read,
            nameof(DialogueMeeting), null, $"Kalenderfeed: {meetings.Count} møder med deltagere");
        await db.SaveChangesAsync(cancellationToken);
        return MeetingCalendar.Feed(meetings.Select(m => (m.Meeting, m.CompanyName)), organizer, now);
    }

    private async Task SetAsync(Actor actor, string? hash, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == actor.UserId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.CalendarFeedHash, hash), cancellationToken);
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
