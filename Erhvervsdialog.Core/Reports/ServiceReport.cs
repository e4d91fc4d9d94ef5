using System.Globalization;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.FollowUps;
using Erhvervsdialog.Core.Meetings;
using Erhvervsdialog.Core.Surveys;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.Reports;

public enum ReportPeriod
{
    Month,
    Quarter,
    Year,
    Custom,
}

/// <summary>A report period in Danish calendar days: from the first day up to (not including) <see cref="End"/>.</summary>
public sealed record PeriodRange(DateTime Start, DateTime End)
{
    public DateTime StartUtc => DanishTime.ToUtc(Start);
    public DateTime EndUtc => DanishTime.ToUtc(End);

    /// <summary>The period of the same length just before this one (the month, quarter or year before).</summary>
    public PeriodRange Previous()
    {
        if (Start.Day == 1 && End.Day == 1)
        {
            var months = ((End.Year - Start.Year) * 12) + End.Month - Start.Month;
            return new PeriodRange(Start.AddMonths(-months), Start);
        }
        return new PeriodRange(Start - (End - Start), Start);
    }

    public string Text => Start.Day == 1 && End == Start.AddMonths(1)
        ? DanishTime.Culture.TextInfo.ToTitleCase(Start.ToString("MMMM yyyy", DanishTime.Culture))
        : $"{Start.ToString("dd-MM-yyyy", DanishTime.Culture)} – {End.AddDays(-1).ToString("dd-MM-yyyy", DanishTime.Culture)}";

    /// <summary>The month, quarter or year that contains <paramref name="day"/>.</summary>
    public static PeriodRange Containing(ReportPeriod kind, DateTime day) => kind switch
    {
        ReportPeriod.Year => new PeriodRange(new DateTime(day.Year, 1, 1), new DateTime(day.Year + 1, 1, 1)),
        ReportPeriod.Quarter => new PeriodRange(new DateTime(day.Year, ((day.Month - 1) / 3 * 3) + 1, 1), new DateTime(day.Year, ((day.Month - 1) / 3 * 3) + 1, 1).AddMonths(3)),
        _ => new PeriodRange(new DateTime(day.Year, day.Month, 1), new DateTime(day.Year, day.Month, 1).AddMonths(1)),
    };
}

/// <summary>
/// The service report (servicerapport) for a period: response rate, satisfaction per unit and topic with a chart, a
/// 12-month trend, the recommendation score, low scores and how many of those loops were closed in time, dialogue
/// meetings held, follow-ups done on time or overdue, selected comments, and the change against the previous period.
/// Groups under <see cref="SurveyResults.MinGroupSize"/> answers are not broken down.
/// </summary>
public sealed class ServiceReport(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, SurveyResults results, CompanyReports companyReports,
    Overview.UnitComparison comparison, IOptions<SurveyOptions> surveys, TimeProvider clock)
{
    /// <summary>Reads every unit's figures; the report counts comments but quotes none, as it goes to every unit manager.</summary>
    private static readonly Actor Reader = new("system", "system", new HashSet<string> { Roles.Director }) { FullName = "Erhvervsdialog" };
    private const string Hidden = "færre end 5 svar";

    public async Task<byte[]> BuildAsync(PeriodRange period, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var previous = period.Previous();
        var current = await results.HandleAsync(new ResultsQuery(period.StartUtc, period.EndUtc), Reader, cancellationToken);
        progress?.Report(20);
        var before = await results.HandleAsync(new ResultsQuery(previous.StartUtc, previous.EndUtc), Reader, cancellationToken);
        progress?.Report(40);
        var trendStart = new DateTime(period.End.Year, period.End.Month, 1).AddMonths(-12);
        var trend = await results.HandleAsync(new ResultsQuery(DanishTime.ToUtc(trendStart), period.EndUtc), Reader, cancellationToken);
        progress?.Report(60);
        var loops = await LoopsAsync(period, cancellationToken);
        var loopsBefore = await LoopsAsync(previous, cancellationToken);
        progress?.Report(75);

        using var doc = new ReportDocument($"Servicerapport {period.Text}", companyReports.Branding(), now);
        doc.Heading($"Servicerapport: {period.Text}");
        doc.Paragraph($"Sådan oplevede virksomhederne kommunens service i perioden {period.Start.ToString("dd-MM-yyyy", DanishTime.Culture)} til {period.End.AddDays(-1).ToString("dd-MM-yyyy", DanishTime.Culture)}, sammenlignet med perioden før ({previous.Text}).", muted: true);

        doc.Heading("Nøgletal", 2);
        doc.Table([new ReportColumn("", 2.2), new ReportColumn("Perioden", 1, Right: true), new ReportColumn("Perioden før", 1, Right: true), new ReportColumn("Ændring", 1, Right: true)],
        [
            ["Målinger sendt", Count(current.Invited), Count(before.Invited), Change(current.Invited, before.Invited, "0")],
            ["Svar", Count(current.Answered), Count(before.Answered), Change(current.Answered, before.Answered, "0")],
            ["Svarprocent", Percent(current.ResponseRate), Percent(before.ResponseRate), Change(current.ResponseRate * 100, before.ResponseRate * 100, "0", " point")],
            ["Gns. tilfredshed (1–5)", Score(current.AverageSatisfaction), Score(before.AverageSatisfaction), Change(current.AverageSatisfaction, before.AverageSatisfaction, "0.0")],
            ["Anbefalingsscore (NPS)", current.RecommendationScore?.ToString(DanishTime.Culture) ?? Hidden, before.RecommendationScore?.ToString(DanishTime.Culture) ?? Hidden,
                Change(current.RecommendationScore, before.RecommendationScore, "0")],
            ["Lave scorer", Count(loops.LowScores), Count(loopsBefore.LowScores), Change(loops.LowScores, loopsBefore.LowScores, "0")],
            [$"… heraf lukket inden for {surveys.Value.EscalateAfterDays} dage", $"{loops.ClosedInTime} af {loops.LowScoreFollowUps}", $"{loopsBefore.ClosedInTime} af {loopsBefore.LowScoreFollowUps}", ""],
            ["Dialogmøder afholdt", Count(loops.MeetingsHeld), Count(loopsBefore.MeetingsHeld), Change(loops.MeetingsHeld, loopsBefore.MeetingsHeld, "0")],
            ["Opfølgninger afsluttet til tiden", Count(loops.DoneOnTime), Count(loopsBefore.DoneOnTime), Change(loops.DoneOnTime, loopsBefore.DoneOnTime, "0")],
            ["Opfølgninger afsluttet for sent", Count(loops.DoneLate), Count(loopsBefore.DoneLate), Change(loops.DoneLate, loopsBefore.DoneLate, "0")],
            ["Opfølgninger overskredet og åbne ved periodens slut", Count(loops.OverdueOpen), Count(loopsBefore.OverdueOpen), Change(loops.OverdueOpen, loopsBefore.OverdueOpen, "0")],
        ]);
        if (current.Answered == 0)
        {
            doc.Paragraph("Ingen målinger er besvaret i perioden, så der er ingen tilfredshed at vise for enheder og emner.", bold: true);
        }

        var unitsBefore = before.ByUnit.ToDictionary(f => f.Label, f => f.Average);
        doc.Heading("Tilfredshed pr. enhed", 2);
        doc.BarChart("Gennemsnitlig tilfredshed (1–5)", current.ByUnit.Select(f => new ChartValue(f.Label, f.Average)).ToList(), 5, "0.0", Hidden);
        doc.Table([new ReportColumn("Enhed", 2.2), new ReportColumn("Svar", 0.7, Right: true), new ReportColumn("Gns.", 0.7, Right: true),
                new ReportColumn("Perioden før", 1, Right: true), new ReportColumn("Ændring", 0.9, Right: true)],
            current.ByUnit.Select(f => (IReadOnlyList<string?>)[f.Label, Count(f.Count), Score(f.Average),
                Score(unitsBefore.GetValueOrDefault(f.Label)), Change(f.Average, unitsBefore.GetValueOrDefault(f.Label), "0.0")]),
            empty: "Ingen svar i perioden.");

        doc.Heading("Tilfredshed pr. emne", 2);
        var topics = current.ByTopic.OrderByDescending(f => f.Count).Take(15).ToList();
        doc.BarChart("De hyppigste emner", topics.Select(f => new ChartValue(f.Label, f.Average)).ToList(), 5, "0.0", Hidden);

        var compared = await comparison.HandleAsync(period.StartUtc, period.EndUtc, Reader, cancellationToken);
        doc.Heading("Sagsbehandlingstid og oplevet tid", 2);
        doc.Paragraph($"Målt tid fra modtaget til afgjort (median og 90 %-fraktil i dage) for sager afgjort i perioden, ved siden af tilfredsheden og virksomhedernes vurdering af den tid, det tog (1–5). »Hurtig, men opleves langsom«: medianen er højst kommunens median, men tiden vurderes under {Overview.HandlingTimes.FeltSlowBelow.ToString("0.0", DanishTime.Culture)}. »Langsom, men opleves fin«: medianen er over kommunens, men tiden vurderes mindst {Overview.HandlingTimes.FeltFineFrom.ToString("0.0", DanishTime.Culture)}.", muted: true);
        var handlingColumns = new[]
        {
            new ReportColumn("Enhed", 1.6), new ReportColumn("Sager", 0.5, Right: true), new ReportColumn("Median", 0.65, Right: true),
            new ReportColumn("90 %", 0.5, Right: true), new ReportColumn("Tilfredshed", 1.0, Right: true), new ReportColumn("Oplevet tid", 1.0, Right: true),
            new ReportColumn("Bemærkning", 1.75),
        };
        doc.Table(handlingColumns, compared.Units.Where(u => u.Handling.Cases > 0 || u.Handling.TimeAnswers > 0).Select(u => HandlingRow(u.UnitName, u)),
            empty: "Ingen sager med modtaget- og afgørelsesdato i perioden.");
        var flaggedTopics = compared.Topics.Where(t => t.Handling.Disagreement != Overview.TimeDisagreement.None).ToList();
        if (flaggedTopics.Count > 0)
        {
            doc.Paragraph("Emner, hvor målt og oplevet tid ikke stemmer overens:", bold: true);
            doc.Table([new ReportColumn("Enhed · emne", 1.8), .. handlingColumns.Skip(1)],
                flaggedTopics.Select(t => HandlingRow($"{t.UnitName} · {t.Topic ?? "(uden emne)"}", t)));
        }

        doc.Heading("Udviklingen de seneste 12 måneder", 2, keepWithNext: ReportDocument.LineChartRoom);
        var months = Enumerable.Range(0, 12).Select(i => trendStart.AddMonths(i)).ToList();
        var byMonth = trend.ByMonth.ToDictionary(f => f.Label, f => f.Average);
        doc.LineChart("Gennemsnitlig tilfredshed pr. måned (1–5)", months.Select(m => new ChartValue(
            DanishTime.Month(m),
            byMonth.GetValueOrDefault(m.ToString("yyyy-MM", CultureInfo.InvariantCulture)))).ToList(), 1, 5, "Færre end 5 svar i hver måned");
        progress?.Report(90);

        // The report is read by every manager and e-mailed to them, so it counts comments but quotes none: what a company
        // wrote is read under Målinger by the director and the unit's own managers (CommentAccess).
        doc.Heading("Kommentarer", 2);
        doc.Table([new ReportColumn("Enhed", 3), new ReportColumn("Kommentarer", 1, Right: true), new ReportColumn("Heraf ved lav score", 1.2, Right: true)],
            (await CommentCountsAsync(period, cancellationToken)).Select(c => (IReadOnlyList<string?>)[c.Unit, Count(c.Comments), Count(c.Low)]),
            empty: "Ingen kommentarer i perioden.");
        doc.Paragraph("Kommentarerne læses under Målinger af direktøren og enhedens egne ledere.", muted: true);
        doc.Paragraph($"Enheder, emner og måneder med færre end {SurveyResults.MinGroupSize} svar vises ikke opdelt, så ingen virksomhed kan genkendes.", muted: true);
        var pdf = doc.ToPdf();
        progress?.Report(100);
        return pdf;
    }

    private async Task<IReadOnlyList<(string Unit, int Comments, int Low)>> CommentCountsAsync(PeriodRange period, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var threshold = surveys.Value.LowScoreThreshold;
        var counts = await db.SurveyResponses.AsNoTracking()
            .Where(r => r.SubmittedAt >= period.StartUtc && r.SubmittedAt < period.EndUtc && r.Comment != null)
            .GroupBy(r => r.UnitId)
            .Select(g => new { Unit = db.Units.Where(u => u.Id == g.Key).Select(u => u.Name).First(), Comments = g.Count(), Low = g.Count(r => r.LowestScore <= threshold) })
            .ToListAsync(cancellationToken);
        return counts.OrderBy(c => c.Unit, StringComparer.Create(DanishTime.Culture, true)).Select(c => (c.Unit, c.Comments, c.Low)).ToList();
    }

    private sealed record Loops(int LowScores, int LowScoreFollowUps, int ClosedInTime, int MeetingsHeld, int DoneOnTime, int DoneLate, int OverdueOpen);

    private async Task<Loops> LoopsAsync(PeriodRange period, CancellationToken cancellationToken)
    {
        var (from, to) = (period.StartUtc, period.EndUtc);
        var threshold = surveys.Value.LowScoreThreshold;
        var days = surveys.Value.EscalateAfterDays;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lowScores = await db.SurveyResponses.CountAsync(r => r.SubmittedAt >= from && r.SubmittedAt < to && r.LowestScore <= threshold, cancellationToken);
        var lowFollowUps = await db.FollowUps.AsNoTracking()
            .Where(f => f.CreatedAt >= from && f.CreatedAt < to && (f.Source == FollowUpSource.LowScore || f.Source == FollowUpSource.CallBackRequest))
            .Select(f => new { f.CreatedAt, f.ClosedAt }).ToListAsync(cancellationToken);
        var held = await db.DialogueMeetings.CountAsync(m => m.Status == MeetingStatus.Held && m.StartsAt >= from && m.StartsAt < to, cancellationToken);
        var due = await db.FollowUps.AsNoTracking().Where(f => f.DueAt >= from && f.DueAt < to)
            .Select(f => new { f.DueAt, f.ClosedAt, f.Status }).ToListAsync(cancellationToken);
        return new Loops(lowScores, lowFollowUps.Count, lowFollowUps.Count(f => f.ClosedAt <= f.CreatedAt.AddDays(days)), held,
            due.Count(f => f.Status == FollowUpStatus.Done && f.ClosedAt <= f.DueAt),
            due.Count(f => f.Status == FollowUpStatus.Done && f.ClosedAt > f.DueAt),
            due.Count(f => f.Status != FollowUpStatus.Done || f.ClosedAt >= to));
    }

    private static IReadOnlyList<string?> HandlingRow(string label, Overview.ComparisonRow row) =>
    [
        label, Count(row.Handling.Cases), Days(row.Handling.MedianDays), Days(row.Handling.P90Days), Score(row.Satisfaction),
        Score(row.Handling.TimeTakenScore), Overview.TimeDisagreementText.For(row.Handling.Disagreement),
    ];

    private static string Days(double? days) => days is { } d ? d.ToString("0.#", DanishTime.Culture) : "–";

    private static string Count(int value) => value.ToString("N0", DanishTime.Culture);

    private static string Percent(double? value) => value is { } v ? v.ToString("P0", DanishTime.Culture) : "–";

    private static string Score(double? value) => value is { } v ? v.ToString("0.0", DanishTime.Culture) : "–";

    private static string Change(double? now, double? before, string format, string unit = "") =>
        now is { } a && before is { } b ? $"{(a - b >= 0 ? "+" : "−")}{Math.Abs(a - b).ToString(format, DanishTime.Culture)}{unit}" : "–";
}
