using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.FollowUps;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Overview;

/// <summary>One unit (or one topic within it) in a period. Averages under 5 answers are null ("for få svar").</summary>
public sealed record ComparisonRow(int UnitId, string UnitName, string? Topic, int Answers, double? Satisfaction, int Sent, double? ResponseRate,
    int Contacts, int LowScores, int LoopsClosed, double? MedianDaysToClose)
{
    /// <summary>Measured handling time against the experienced time taken (<see cref="HandlingTimes"/>).</summary>
    public HandlingTimeFigures Handling { get; init; } = new(0, null, null, 0, null, TimeDisagreement.None);
}

public sealed record ComparisonView(IReadOnlyList<ComparisonRow> Units, IReadOnlyList<ComparisonRow> Topics);

public sealed record AnswerBehind(DateTime SubmittedAt, string CompanyName, string? Topic, int? Satisfaction, int? Recommendation, string? Comment);

/// <summary>
/// The unit comparison: per unit and per topic within each unit, satisfaction, response rate, contacts, the time
/// from a low score to the closing of its follow-up (the loop), and the measured handling time against the experienced
/// time taken, flagged where they disagree. The answers behind a figure can be opened, but never
/// for a group under 5 answers.
/// </summary>
public sealed class UnitComparison(IDbContextFactory<ErhvervsdialogDbContext> dbFactory)
{

    public async Task<ComparisonView> HandleAsync(DateTime fromUtc, DateTime toUtc, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.ManagementInsight);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var answers = await db.SurveyResponses.AsNoTracking().Where(r => r.SubmittedAt >= fromUtc && r.SubmittedAt < toUtc)
            .GroupBy(r => new { r.UnitId, r.Topic })
            .Select(g => new { g.Key.UnitId, g.Key.Topic, Count = g.Count(), Scored = g.Count(r => r.Satisfaction != null), Sum = g.Sum(r => r.Satisfaction ?? 0) })
            .ToListAsync(cancellationToken);
        var sent = await db.SurveyInvitations.AsNoTracking().Where(i => i.SentAt >= fromUtc && i.SentAt < toUtc)
            .GroupBy(i => new { i.UnitId, i.Contact!.Topic })
            .Select(g => new { g.Key.UnitId, g.Key.Topic, Count = g.Count(), Answered = g.Count(i => i.AnsweredAt != null) })
            .ToListAsync(cancellationToken);
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.OccurredAt >= fromUtc && c.OccurredAt < toUtc)
            .GroupBy(c => new { c.UnitId, c.Topic }).Select(g => new { g.Key.UnitId, g.Key.Topic, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var loops = await db.FollowUps.AsNoTracking()
            .Where(f => f.Source == FollowUpSource.LowScore && f.CreatedAt >= fromUtc && f.CreatedAt < toUtc && f.UnitId != null)
            .Select(f => new { UnitId = f.UnitId!.Value, Topic = f.SurveyResponse != null ? f.SurveyResponse.Topic : null, f.CreatedAt, f.ClosedAt })
            .ToListAsync(cancellationToken);
        var handling = await HandlingTimes.LoadAsync(db, fromUtc, toUtc, cancellationToken);
        var units = await db.Units.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.Name).Select(u => new { u.Id, u.Name }).ToListAsync(cancellationToken);

        ComparisonRow Row(int unitId, string unitName, string? topic, bool byTopic)
        {
            bool Match(int u, string? t) => u == unitId && (!byTopic || t == topic);
            var a = answers.Where(x => Match(x.UnitId, x.Topic)).ToList();
            var s = sent.Where(x => Match(x.UnitId, x.Topic)).ToList();
            var l = loops.Where(x => Match(x.UnitId, x.Topic)).ToList();
            var scored = a.Sum(x => x.Scored);
            var days = l.Where(x => x.ClosedAt is not null).Select(x => (x.ClosedAt!.Value - x.CreatedAt).TotalDays).Order().ToList();
            var sentCount = s.Sum(x => x.Count);
            return new ComparisonRow(unitId, unitName, topic, a.Sum(x => x.Count),
                scored >= SurveyResults.MinGroupSize ? (double)a.Sum(x => x.Sum) / scored : null,
                sentCount, sentCount > 0 ? (double)s.Sum(x => x.Answered) / sentCount : null,
                contacts.Where(x => Match(x.UnitId, x.Topic)).Sum(x => x.Count), l.Count, days.Count,
                days.Count > 0 ? days[days.Count / 2] : null)
            {
                Handling = handling.For(unitId, topic, byTopic),
            };
        }

        var unitRows = units.Select(u => Row(u.Id, u.Name, null, byTopic: false)).ToList();
        var topicRows = units.SelectMany(u => answers.Where(x => x.UnitId == u.Id).Select(x => x.Topic)
                .Concat(contacts.Where(x => x.UnitId == u.Id).Select(x => x.Topic)).Distinct()
                .Select(t => Row(u.Id, u.Name, t, byTopic: true)))
            .OrderBy(r => r.UnitName, StringComparer.Create(DanishTime.Culture, true)).ThenByDescending(r => r.Answers).ToList();
        return new ComparisonView(unitRows, topicRows);
    }

    /// <summary>The answers behind one figure; none when fewer than 5 (the group is not broken down). Comments only for those who may read them.</summary>
    public async Task<IReadOnlyList<AnswerBehind>?> AnswersAsync(int unitId, string? topic, bool byTopic, DateTime fromUtc, DateTime toUtc, Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.ManagementInsight);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.SurveyResponses.AsNoTracking().Where(r => r.UnitId == unitId && r.SubmittedAt >= fromUtc && r.SubmittedAt < toUtc);
        if (byTopic)
        {
            query = query.Where(r => r.Topic == topic);
        }
        if (await query.CountAsync(cancellationToken) < SurveyResults.MinGroupSize)
        {
            return null;
        }
        var mayReadComments = (await CommentAccess.ForAsync(db, actor, cancellationToken)).May(unitId);
        return await query.OrderByDescending(r => r.SubmittedAt).Take(500)
            .Select(r => new AnswerBehind(r.SubmittedAt, db.Companies.Where(c => c.Id == r.CompanyId).Select(c => c.Name).First(), r.Topic,
                r.Satisfaction, r.Recommendation, mayReadComments ? r.Comment : null))
            .ToListAsync(cancellationToken);
    }
}
