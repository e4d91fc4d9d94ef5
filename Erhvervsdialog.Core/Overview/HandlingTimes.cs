using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Surveys;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Overview;

/// <summary>Where the measured handling time and the companies' experience of it tell different stories.</summary>
public enum TimeDisagreement
{
    None = 0,
    /// <summary>Faster than the municipality's median, yet the time taken is rated below 3: the problem is the experience.</summary>
    FastButFeltSlow = 1,
    /// <summary>Slower than the municipality's median, yet the time taken is rated 4 or more.</summary>
    SlowButFeltFine = 2,
}

/// <summary>
/// One group's handling time in days (received → decided; median and 90th percentile) next to the mean score (1–5) of
/// the survey's "time taken" questions (1–5 questions in the case-handling category). Each is null under
/// <see cref="SurveyResults.MinGroupSize"/> cases or answers.
/// </summary>
public sealed record HandlingTimeFigures(int Cases, double? MedianDays, int? P90Days, int TimeAnswers, double? TimeTakenScore,
    TimeDisagreement Disagreement);

/// <summary>
/// Measured handling time against experienced time, per unit and topic, for Sammenligning and the service report. A
/// group is "fast" when its median is at or under the median of all cases in the period, "slow" when over it; the time
/// taken "felt slow" when rated under <see cref="FeltSlowBelow"/>, "felt fine" from <see cref="FeltFineFrom"/>.
/// </summary>
public sealed class HandlingTimes
{
    public const double FeltSlowBelow = 3.0;
    public const double FeltFineFrom = 4.0;

    private readonly IReadOnlyList<(int UnitId, string? Topic, int Days)> _cases;
    private readonly IReadOnlyList<(int UnitId, string? Topic, int Score)> _scores;
    private readonly double? _overallMedian;

    private HandlingTimes(IReadOnlyList<(int, string?, int)> cases, IReadOnlyList<(int, string?, int)> scores)
    {
        _cases = cases;
        _scores = scores;
        _overallMedian = Median(cases.Select(c => c.Item3).Order().ToList());
    }

    /// <summary>Cases decided in the period (Danish days), and the "time taken" answers submitted in it.</summary>
    public static async Task<HandlingTimes> LoadAsync(ErhvervsdialogDbContext db, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var from = DateOnly.FromDateTime(DanishTime.ToLocal(fromUtc));
        var to = DateOnly.FromDateTime(DanishTime.ToLocal(toUtc));
        var cases = await db.Contacts.AsNoTracking()
            .Where(c => c.CaseDecidedOn >= from && c.CaseDecidedOn < to && c.CaseReceivedOn != null)
            .Select(c => new { c.UnitId, c.Topic, Received = c.CaseReceivedOn!.Value, Decided = c.CaseDecidedOn!.Value })
            .ToListAsync(cancellationToken);
        var scores = await (
                from r in db.SurveyResponses.AsNoTracking()
                where r.SubmittedAt >= fromUtc && r.SubmittedAt < toUtc
                from a in r.Answers
                join q in db.SurveyQuestions on a.QuestionId equals q.Id
                where a.Number != null && q.Kind == QuestionKind.Scale5 && q.Category == QuestionCategory.CaseHandling
                select new { r.UnitId, r.Topic, Score = a.Number!.Value })
            .ToListAsync(cancellationToken);
        return new HandlingTimes(cases.Select(c => (c.UnitId, c.Topic, c.Decided.DayNumber - c.Received.DayNumber)).ToList(),
            scores.Select(s => (s.UnitId, (string?)s.Topic, s.Score)).ToList());
    }

    /// <summary>The figures of one unit (<paramref name="topic"/> ignored unless <paramref name="byTopic"/>).</summary>
    public HandlingTimeFigures For(int unitId, string? topic, bool byTopic)
    {
        bool Match(int u, string? t) => u == unitId && (!byTopic || t == topic);
        var days = _cases.Where(c => Match(c.UnitId, c.Topic)).Select(c => c.Days).Order().ToList();
        var scores = _scores.Where(s => Match(s.UnitId, s.Topic)).Select(s => s.Score).ToList();
        var enoughCases = days.Count >= SurveyResults.MinGroupSize;
        var median = enoughCases ? Median(days) : null;
        var score = scores.Count >= SurveyResults.MinGroupSize ? scores.Average() : (double?)null;
        var disagreement = median is { } m && score is { } s && _overallMedian is { } overall
            ? m <= overall && s < FeltSlowBelow ? TimeDisagreement.FastButFeltSlow
            : m > overall && s >= FeltFineFrom ? TimeDisagreement.SlowButFeltFine
            : TimeDisagreement.None
            : TimeDisagreement.None;
        // The 90th percentile by nearest rank: the day count nine cases in ten are decided within.
        return new HandlingTimeFigures(days.Count, median, enoughCases ? days[(int)Math.Ceiling(0.9 * days.Count) - 1] : null,
            scores.Count, score, disagreement);
    }

    private static double? Median(IReadOnlyList<int> sorted) => sorted.Count == 0 ? null
        : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
        : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2.0;
}

/// <summary>The flags in Danish, for the page and the report alike.</summary>
public static class TimeDisagreementText
{
    public static string For(TimeDisagreement disagreement) => disagreement switch
    {
        TimeDisagreement.FastButFeltSlow => Messages.FastButFeltSlow,
        TimeDisagreement.SlowButFeltFine => Messages.SlowButFeltFine,
        _ => "",
    };
}
