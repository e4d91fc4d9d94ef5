using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Contacts;
using Erhvervsdialog.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Surveys;

public sealed record ResultsQuery(DateTime? From = null, DateTime? To = null, int? UnitId = null, string? Topic = null,
    ContactChannel? Channel = null);

/// <summary>An average with the number of answers behind it; hidden (null) under the anonymity limit.</summary>
public sealed record Figure(string Label, int Count, double? Average);

public sealed record SurveyComment(DateTime SubmittedAt, string UnitName, string CompanyName, int? Satisfaction, string Text);

public sealed record SurveyResultsView(int Invited, int Answered, double? ResponseRate, double? AverageSatisfaction,
    int? RecommendationScore, int RecommendationCount, IReadOnlyList<int> Distribution, IReadOnlyList<Figure> ByUnit,
    IReadOnlyList<Figure> ByTopic, IReadOnlyList<Figure> ByChannel, IReadOnlyList<Figure> ByMonth,
    IReadOnlyList<SurveyComment> Comments, bool CommentsHidden);

/// <summary>
/// Målinger: response rate, satisfaction per unit, topic, channel and month, the recommendation score (NPS), the
/// distribution, and the comments. Groups of fewer than <see cref="MinGroupSize"/> answers are not broken down.
/// </summary>
public sealed class SurveyResults(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, TimeProvider clock)
{
    public const int MinGroupSize = 5;

    public async Task<SurveyResultsView> HandleAsync(ResultsQuery query, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var invitations = db.SurveyInvitations.AsNoTracking().Where(i => i.SentAt != null);
        var responses = db.SurveyResponses.AsNoTracking();
        if (query.From is { } from)
        {
            invitations = invitations.Where(i => i.SentAt >= from);
            responses = responses.Where(r => r.SubmittedAt >= from);
        }
        if (query.To is { } to)
        {
            invitations = invitations.Where(i => i.SentAt < to);
            responses = responses.Where(r => r.SubmittedAt < to);
        }
        if (query.UnitId is { } unitId)
        {
            invitations = invitations.Where(i => i.UnitId == unitId);
            responses = responses.Where(r => r.UnitId == unitId);
        }
        if (Validators.Trimmed(query.Topic) is { } topic)
        {
            invitations = invitations.Where(i => i.Contact!.Topic == topic);
            responses = responses.Where(r => r.Topic == topic);
        }
        if (query.Channel is { } channel)
        {
            invitations = invitations.Where(i => i.Contact!.Channel == channel);
            responses = responses.Where(r => r.ContactChannel == channel);
        }
        var invited = await invitations.CountAsync(cancellationToken);
        var rows = await responses.Select(r => new { r.UnitId, r.Topic, r.ContactChannel, r.SubmittedAt, r.Satisfaction, r.Recommendation })
            .ToListAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);

        var scored = rows.Where(r => r.Satisfaction is not null).ToList();
        var recommendations = rows.Where(r => r.Recommendation is not null).Select(r => r.Recommendation!.Value).ToList();
        int? nps = recommendations.Count >= MinGroupSize
            ? (int)Math.Round(100.0 * (recommendations.Count(v => v >= 9) - recommendations.Count(v => v <= 6)) / recommendations.Count)
            : null;
        var byMonth = scored.GroupBy(r => DanishTime.ToLocal(r.SubmittedAt) is var local ? new DateTime(local.Year, local.Month, 1) : default)
            .OrderBy(g => g.Key).Select(g => Hide(DanishTime.Month(g.Key), g.Select(r => r.Satisfaction!.Value).ToList())).ToList();

        var access = await CommentAccess.ForAsync(db, actor, cancellationToken);
        var commentQuery = responses.Where(r => r.Comment != null);
        if (access.Units is { } readable)
        {
            var readableUnits = readable.ToList();
            commentQuery = commentQuery.Where(r => readableUnits.Contains(r.UnitId));
        }
        // Comments are not a breakdown: the unit's managers and the director read them whatever the count.
        var comments = access.Any
            ? await commentQuery.OrderByDescending(r => r.SubmittedAt).Take(200)
                .Select(r => new SurveyComment(r.SubmittedAt, db.Units.Where(x => x.Id == r.UnitId).Select(x => x.Name).First(),
                    db.Companies.Where(c => c.Id == r.CompanyId).Select(c => c.Name).First(), r.Satisfaction, r.Comment!))
                .ToListAsync(cancellationToken)
            : [];
        if (comments.Count > 0)
        {
            // What companies wrote may name people: reading it is on record.
            Auditing.AccessLog.Add(db, actor, clock.GetUtcNow().UtcDateTime, Auditing.AccessAction.Read, nameof(SurveyResponse), null,
                $"{comments.Count} kommentarer under Målinger");
            await db.SaveChangesAsync(cancellationToken);
        }

        return new SurveyResultsView(
            invited, rows.Count, invited > 0 ? (double)rows.Count / invited : null,
            scored.Count >= MinGroupSize ? scored.Average(r => r.Satisfaction!.Value) : null,
            nps, recommendations.Count,
            scored.Count >= MinGroupSize ? Enumerable.Range(1, 5).Select(v => scored.Count(r => r.Satisfaction == v)).ToList() : [],
            scored.GroupBy(r => r.UnitId).Select(g => Hide(units.GetValueOrDefault(g.Key, "?"), g.Select(r => r.Satisfaction!.Value).ToList()))
                .OrderBy(f => f.Label, StringComparer.Create(DanishTime.Culture, true)).ToList(),
            scored.GroupBy(r => r.Topic ?? "–").Select(g => Hide(g.Key, g.Select(r => r.Satisfaction!.Value).ToList()))
                .OrderBy(f => f.Label, StringComparer.Create(DanishTime.Culture, true)).ToList(),
            scored.GroupBy(r => r.ContactChannel).Select(g => Hide(g.Key.ToString(), g.Select(r => r.Satisfaction!.Value).ToList())).ToList(),
            byMonth, comments, !access.Any);
    }

    private static Figure Hide(string label, IReadOnlyList<int> values) =>
        new(label, values.Count, values.Count >= MinGroupSize ? values.Average() : null);
}
