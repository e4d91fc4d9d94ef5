using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.FollowUps;
using Erhvervsdialog.Core.Meetings;
using Erhvervsdialog.Core.Surveys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.Overview;

/// <summary>A figure now and in the period before; a null value means "ingen data" (or too few answers), never zero.</summary>
public sealed record Trend(double? Now, double? Before, int NowCount, int BeforeCount)
{
    public double? Change => Now is { } a && Before is { } b ? a - b : null;
}

public sealed record UnitMonths(int UnitId, string Name, bool Mine, IReadOnlyList<Figure> Months);

public sealed record QuietKeyAccount(int CompanyId, string Name, string? ConsultantName, DateTime? LastContact);

public sealed record MyContact(int Id, int CompanyId, string CompanyName, string UnitName, DateTime OccurredAt, string? Topic);

public sealed record OverviewView(
    Trend Satisfaction,
    Trend ResponseRate,
    Trend Recommendation,
    Trend Contacts,
    Trend Meetings,
    int OpenFollowUps,
    int OverdueFollowUps,
    int LowScoresAwaiting,
    int OpenFollowUpsBefore,
    int LowScoresAwaitingBefore,
    IReadOnlyList<string> Months,
    IReadOnlyList<UnitMonths> Units,
    IReadOnlyList<MeetingRow> UpcomingMeetings,
    IReadOnlyList<FollowUpRow> LowScoreFollowUps,
    IReadOnlyList<QuietKeyAccount> QuietKeyAccounts,
    IReadOnlyList<MyContact> MyOpenContacts,
    IReadOnlyList<FollowUpRow> MyFollowUps);

/// <summary>Settings under Erhvervsdialog:Overview.</summary>
public sealed class OverviewOptions
{
    public const string Section = "Erhvervsdialog:Overview";

    /// <summary>A key-account company with no contact for this many months is listed on the start page.</summary>
    public int KeyAccountQuietMonths { get; set; } = 6;
    /// <summary>An initiative's effect: satisfaction in its units this many days before its start against the same after.</summary>
    public int EffectWindowDays { get; set; } = 180;
}

/// <summary>
/// Overblik, the start page: satisfaction, response rate and recommendation for the last 90 days against the 90
/// before; contacts; dialogue meetings this quarter against the last; follow-ups; satisfaction per unit and month; and
/// the lists that need someone. Managers see their own units first; every role sees its own open contacts and follow-ups.
/// </summary>
public sealed class GetOverview(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, MeetingQueries meetings,
    IOptions<OverviewOptions> options, TimeProvider clock)
{
    public const int WindowDays = 90;

    public async Task<OverviewView> HandleAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (start, middle) = (now.AddDays(-2 * WindowDays), now.AddDays(-WindowDays));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // Aggregated in SQL: the start page must stay fast with tens of thousands of answers.
        var (recent, earlier) = (await AnswerStatsAsync(db, middle, now, cancellationToken), await AnswerStatsAsync(db, start, middle, cancellationToken));
        var satisfaction = new Trend(recent.Average, earlier.Average, recent.Scored, earlier.Scored);
        var recommendation = new Trend(recent.Nps, earlier.Nps, recent.Recommendations, earlier.Recommendations);
        var (sentRecent, answeredRecent) = await SentAsync(db, middle, now, cancellationToken);
        var (sentEarlier, answeredEarlier) = await SentAsync(db, start, middle, cancellationToken);
        var responseRate = new Trend(Rate(answeredRecent, sentRecent), Rate(answeredEarlier, sentEarlier), sentRecent, sentEarlier);

        var contactsRecent = await db.Contacts.CountAsync(c => c.OccurredAt >= middle && c.OccurredAt < now, cancellationToken);
        var contactsEarlier = await db.Contacts.CountAsync(c => c.OccurredAt >= start && c.OccurredAt < middle, cancellationToken);
        var contacts = new Trend(contactsRecent, contactsEarlier, contactsRecent, contactsEarlier);

        var today = DanishTime.ToLocal(now).Date;
        var quarterStart = new DateTime(today.Year, ((today.Month - 1) / 3 * 3) + 1, 1);
        var (q0, q1, qPrevious) = (DanishTime.ToUtc(quarterStart), DanishTime.ToUtc(quarterStart.AddMonths(3)), DanishTime.ToUtc(quarterStart.AddMonths(-3)));
        var meetingsNow = await db.DialogueMeetings.CountAsync(m => m.Status != MeetingStatus.Cancelled && m.StartsAt >= q0 && m.StartsAt < q1, cancellationToken);
        var meetingsBefore = await db.DialogueMeetings.CountAsync(m => m.Status != MeetingStatus.Cancelled && m.StartsAt >= qPrevious && m.StartsAt < q0, cancellationToken);

        var open = db.FollowUps.AsNoTracking().Where(f => f.Status != FollowUpStatus.Done);
        var openCount = await open.CountAsync(cancellationToken);
        var overdue = await open.CountAsync(f => f.DueAt < now, cancellationToken);
        var lowScoreQuery = open.Where(f => f.Source == FollowUpSource.LowScore || f.Source == FollowUpSource.CallBackRequest);
        var lowScoresAwaiting = await lowScoreQuery.CountAsync(cancellationToken);
        // The same 90 days ago: created before then, and not closed by then.
        var openThen = db.FollowUps.AsNoTracking().Where(f => f.CreatedAt < middle && (f.ClosedAt == null || f.ClosedAt >= middle));
        var openBefore = await openThen.CountAsync(cancellationToken);
        var lowScoresBefore = await openThen.CountAsync(f => f.Source == FollowUpSource.LowScore || f.Source == FollowUpSource.CallBackRequest, cancellationToken);

        var myUnits = await db.UnitMembers.Where(m => m.UserId == actor.UserId).Select(m => m.UnitId).ToListAsync(cancellationToken);
        var (months, units) = await PerUnitAndMonthAsync(db, today, myUnits, cancellationToken);

        var lowScoreFollowUps = await lowScoreQuery
            .OrderBy(f => f.UnitId != null && myUnits.Contains(f.UnitId.Value) ? 0 : 1).ThenBy(f => f.CreatedAt)
            .Select(ManageFollowUps.Row(db)).Take(10).ToListAsync(cancellationToken);

        var quietSince = now.AddMonths(-options.Value.KeyAccountQuietMonths);
        var quiet = await db.Companies.AsNoTracking()
            .Where(c => c.KeyAccountConsultantId != null && c.ArchivedAt == null
                        && !db.Contacts.Any(x => x.CompanyId == c.Id && x.OccurredAt >= quietSince))
            .OrderBy(c => c.KeyAccountConsultantId == actor.UserId ? 0 : 1).ThenBy(c => c.NameSortKey)
            .Select(c => new QuietKeyAccount(c.Id, c.Name, c.KeyAccountConsultant!.FullName,
                db.Contacts.Where(x => x.CompanyId == c.Id).Max(x => (DateTime?)x.OccurredAt)))
            .Take(10).ToListAsync(cancellationToken);

        var myContacts = await db.Contacts.AsNoTracking()
            .Where(c => c.CaseWorkerId == actor.UserId && c.Status == ContactStatus.Open)
            .OrderBy(c => c.OccurredAt)
            .Select(c => new MyContact(c.Id, c.CompanyId, c.Company!.Name, c.Unit!.Name, c.OccurredAt, c.Topic))
            .Take(10).ToListAsync(cancellationToken);
        var myFollowUps = await open.Where(f => f.OwnerId == actor.UserId).OrderBy(f => f.DueAt == null).ThenBy(f => f.DueAt)
            .Select(ManageFollowUps.Row(db)).Take(10).ToListAsync(cancellationToken);

        var upcoming = (await meetings.ListAsync(actor, now, now.AddDays(60), cancellationToken: cancellationToken))
            .Where(m => m.Status == MeetingStatus.Planned).Take(5).ToList();

        return new OverviewView(satisfaction, responseRate, recommendation, contacts, new Trend(meetingsNow, meetingsBefore, meetingsNow, meetingsBefore),
            openCount, overdue, lowScoresAwaiting, openBefore, lowScoresBefore, months, units, upcoming, lowScoreFollowUps, quiet, myContacts, myFollowUps);
    }

    /// <summary>Average satisfaction per unit and Danish month for the last 12 months; the user's own units first.</summary>
    private static async Task<(IReadOnlyList<string> Months, IReadOnlyList<UnitMonths> Units)> PerUnitAndMonthAsync(ErhvervsdialogDbContext db,
        DateTime today, IReadOnlyCollection<int> myUnits, CancellationToken cancellationToken)
    {
        var first = new DateTime(today.Year, today.Month, 1).AddMonths(-11);
        var months = Enumerable.Range(0, 12).Select(i => first.AddMonths(i)).ToList();
        var keys = months.Select(m => m.ToString("yyyy-MM", DanishTime.Culture)).ToList();
        // One small grouped query per Danish month (its UTC bounds use the index on SubmittedAt).
        var byUnitMonth = new Dictionary<(int, string), Figure>();
        for (var i = 0; i < months.Count; i++)
        {
            var (from, to) = (DanishTime.ToUtc(months[i]), DanishTime.ToUtc(months[i].AddMonths(1)));
            var groups = await db.SurveyResponses.AsNoTracking().Where(r => r.SubmittedAt >= from && r.SubmittedAt < to && r.Satisfaction != null)
                .GroupBy(r => r.UnitId).Select(g => new { UnitId = g.Key, Count = g.Count(), Sum = g.Sum(r => r.Satisfaction!.Value) })
                .ToListAsync(cancellationToken);
            foreach (var g in groups)
            {
                byUnitMonth[(g.UnitId, keys[i])] = new Figure(keys[i], g.Count, g.Count >= SurveyResults.MinGroupSize ? (double)g.Sum / g.Count : null);
            }
        }
        var units = await db.Units.AsNoTracking().Where(u => u.IsActive).Select(u => new { u.Id, u.Name }).ToListAsync(cancellationToken);
        var comparer = StringComparer.Create(DanishTime.Culture, true);
        return (months.Select(DanishTime.Month).ToList(),
            units.Select(u => new UnitMonths(u.Id, u.Name, myUnits.Contains(u.Id), keys.Select(k =>
                    byUnitMonth.TryGetValue((u.Id, k), out var figure) ? figure : new Figure(k, 0, null)).ToList()))
                .OrderBy(u => u.Mine ? 0 : 1).ThenBy(u => u.Name, comparer).ToList());
    }

    public static Figure Figure(string label, IReadOnlyCollection<int> values) =>
        new(label, values.Count, values.Count >= SurveyResults.MinGroupSize ? values.Average() : null);

    private sealed record AnswerStats(int Scored, int Sum, int Recommendations, int Promoters, int Detractors)
    {
        public double? Average => Scored >= SurveyResults.MinGroupSize ? (double)Sum / Scored : null;
        public double? Nps => Recommendations >= SurveyResults.MinGroupSize ? Math.Round(100.0 * (Promoters - Detractors) / Recommendations) : null;
    }

    private static async Task<AnswerStats> AnswerStatsAsync(ErhvervsdialogDbContext db, DateTime from, DateTime to, CancellationToken cancellationToken) =>
        await db.SurveyResponses.AsNoTracking().Where(r => r.SubmittedAt >= from && r.SubmittedAt < to)
            .GroupBy(_ => 1)
            .Select(g => new AnswerStats(g.Count(r => r.Satisfaction != null), g.Sum(r => r.Satisfaction ?? 0), g.Count(r => r.Recommendation != null),
                g.Count(r => r.Recommendation >= 9), g.Count(r => r.Recommendation <= 6)))
            .FirstOrDefaultAsync(cancellationToken) ?? new AnswerStats(0, 0, 0, 0, 0);

    private static async Task<(int Sent, int Answered)> SentAsync(ErhvervsdialogDbContext db, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var sent = db.SurveyInvitations.Where(i => i.SentAt >= from && i.SentAt < to);
        return (await sent.CountAsync(cancellationToken), await sent.CountAsync(i => i.AnsweredAt != null, cancellationToken));
    }

    private static double? Rate(int answered, int sent) => sent > 0 ? (double)answered / sent : null;
}
