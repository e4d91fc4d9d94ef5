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

    // Sorted day counts and (answers, sum of scores), by unit and by unit and topic: each figure is a look-up.
    private readonly Dictionary<int, List<int>> _daysByUnit;
    private readonly Dictionary<(int UnitId, string? Topic), List<int>> _daysByTopic;
    private readonly Dictionary<int, (int Count, int Sum)> _scoresByUnit;
    private readonly Dictionary<(int UnitId, string? Topic), (int Count, int Sum)> _scoresByTopic;
    private readonly double? _overallMedian;

    private HandlingTimes(IReadOnlyList<(int UnitId, string? Topic, int Days)> cases, IReadOnlyList<(int UnitId, string? Topic, int Count, int Sum)> scores)
    {
        _daysByTopic = cases.GroupBy(c => (c.UnitId, c.Topic)).ToDictionary(g => g.Key, g => g.Select(c => c.Days).Order().ToList());
        _daysByUnit = cases.GroupBy(c => c.UnitId).ToDictionary(g => g.Key, g => g.Select(c => c.Days).Order().ToList());
        _scoresByTopic = scores.ToDictionary(s => (s.UnitId, s.Topic), s => (s.Count, s.Sum));
        _scoresByUnit = scores.GroupBy(s => s.UnitId).ToDictionary(g => g.Key, g => (g.Sum(s => s.Count), g.Sum(s => s.Sum)));
        _overallMedian = Median(cases.Select(c => c.Days).Order().ToList());
    }

    /// <summary>Cases decided in the period (Danish days), and the "time taken" answers submitted in it.</summary>
    public static async Task<HandlingTimes> LoadAsync(ErhvervsdialogDbContext db, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var from = DateOnly.FromDateTime(DanishTime.ToLocal(fromUtc));
        var to = DateOnly.FromDateTime(DanishTime.ToLocal(toUtc));
        // Counted in the database: how many cases took each number of days, per unit and topic (a few thousand rows
        // for a quarter, not one per case).
        var cases = await db.Contacts.AsNoTracking()
            .Where(c => c.CaseDecidedOn >= from && c.CaseDecidedOn < to && c.CaseReceivedOn != null)
            .GroupBy(c => new { c.UnitId, c.Topic, Days = c.CaseDecidedOn!.Value.DayNumber - c.CaseReceivedOn!.Value.DayNumber })
            .Select(g => new { g.Key.UnitId, g.Key.Topic, g.Key.Days, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var timeQuestions = await db.SurveyQuestions.Where(q => q.Kind == QuestionKind.Scale5 && q.Category == QuestionCategory.CaseHandling)
            .Select(q => q.Id).ToListAsync(cancellationToken);
        var scores = await (
                from r in db.SurveyResponses.AsNoTracking()
                where r.SubmittedAt >= fromUtc && r.SubmittedAt < toUtc
                from a in r.Answers
                where a.Number != null && timeQuestions.Contains(a.QuestionId)
                group a.Number!.Value by new { r.UnitId, r.Topic } into g
                select new { g.Key.UnitId, g.Key.Topic, Count = g.Count(), Sum = g.Sum() })
            .ToListAsync(cancellationToken);
        return new HandlingTimes(cases.SelectMany(c => Enumerable.Repeat((c.UnitId, (string?)c.Topic, c.Days), c.Count)).ToList(),
            scores.Select(s => (s.UnitId, (string?)s.Topic, s.Count, s.Sum)).ToList());
    }

    /// <summary>The figures of one unit (<paramref name="topic"/> ignored unless <paramref name="byTopic"/>).</summary>
    public HandlingTimeFigures For(int unitId, string? topic, bool byTopic)
    {
        var days = (byTopic ? _daysByTopic.GetValueOrDefault((unitId, topic)) : _daysByUnit.GetValueOrDefault(unitId)) ?? [];
        var (answers, sum) = byTopic ? _scoresByTopic.GetValueOrDefault((unitId, topic)) : _scoresByUnit.GetValueOrDefault(unitId);
        var enoughCases = days.Count >= SurveyResults.MinGroupSize;
        var median = enoughCases ? Median(days) : null;
        var score = answers >= SurveyResults.MinGroupSize ? (double)sum / answers : (double?)null;
        var disagreement = median is { } m && score is { } s && _overallMedian is { } overall
            ? m <= overall && s < FeltSlowBelow ? TimeDisagreement.FastButFeltSlow
            : m > overall && s >= FeltFineFrom ? TimeDisagreement.SlowButFeltFine
            : TimeDisagreement.None
            : TimeDisagreement.None;
        // The 90th percentile by nearest rank: the day count nine cases in ten are decided within.
        return new HandlingTimeFigures(days.Count, median, enoughCases ? days[(int)Math.Ceiling(0.9 * days.Count) - 1] : null,
            answers, score, disagreement);
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
