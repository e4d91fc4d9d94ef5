using Erhvervsdialog.Core.Companies;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Surveys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.Meetings;

public sealed record ProgrammeQuery(string? Industry = null, string? Tag = null, int Take = 100);

public sealed record ProgrammeRow(int CompanyId, string Name, string? IndustryText, EmployeeBand EmployeeBand, bool KeyAccount,
    int LowScores, int UnitsContacted, int Contacts, DateTime? LastMeeting, int Score);

/// <summary>
/// The dialogue programme: whom the director should meet next. Active companies with no dialogue meeting held or
/// planned in the last 12 months, ranked by a transparent score:
/// size (employee band ÷ 2, 0–5) + key account (3) + low survey scores in 12 months (2 each, at most 6)
/// + units that had contact in 12 months (1 each) + contacts in 12 months (1 per 2, at most 5).
/// </summary>
public sealed class DialogueProgramme(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, IOptions<SurveyOptions> surveys, TimeProvider clock)
{
    public const int KeyAccountPoints = 3;
    public const int LowScorePoints = 2;
    public const int MaxLowScorePoints = 6;
    public const int MaxContactPoints = 5;

    public async Task<IReadOnlyList<ProgrammeRow>> ListAsync(ProgrammeQuery query, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddMonths(-12);
        var threshold = surveys.Value.LowScoreThreshold;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var companies = db.Companies.AsNoTracking().Where(c => c.ArchivedAt == null && c.Status == CompanyStatus.Active
            && !db.DialogueMeetings.Any(m => m.CompanyId == c.Id && m.Status != MeetingStatus.Cancelled && m.StartsAt >= since));
        if (!string.IsNullOrWhiteSpace(query.Industry))
        {
            var industry = query.Industry.Trim();
            companies = companies.Where(c => c.IndustryCode == industry || (c.IndustryText != null && c.IndustryText.Contains(industry)));
        }
        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            var tag = query.Tag.Trim();
            companies = companies.Where(c => c.Tags.Contains(tag));
        }
        var facts = companies.Select(c => new
        {
            c.Id,
            c.Name,
            c.NameSortKey,
            c.IndustryText,
            c.EmployeeBand,
            KeyAccount = c.KeyAccountConsultantId != null,
            LowScores = db.SurveyResponses.Count(r => r.CompanyId == c.Id && r.SubmittedAt >= since && r.LowestScore <= threshold),
            Units = db.Contacts.Where(x => x.CompanyId == c.Id && x.OccurredAt >= since).Select(x => x.UnitId).Distinct().Count(),
            Contacts = db.Contacts.Count(x => x.CompanyId == c.Id && x.OccurredAt >= since),
            LastMeeting = db.DialogueMeetings.Where(m => m.CompanyId == c.Id && m.Status == MeetingStatus.Held).Max(m => (DateTime?)m.StartsAt),
        });
        var scored = facts.Select(f => new
        {
            f,
            Score = (int)f.EmployeeBand / 2 + (f.KeyAccount ? KeyAccountPoints : 0)
                    + Math.Min(f.LowScores * LowScorePoints, MaxLowScorePoints) + f.Units + Math.Min(f.Contacts / 2, MaxContactPoints),
        });
        var rows = await scored.OrderByDescending(s => s.Score).ThenBy(s => s.f.NameSortKey).Take(query.Take).ToListAsync(cancellationToken);
        return rows.Select(s => new ProgrammeRow(s.f.Id, s.f.Name, s.f.IndustryText, s.f.EmployeeBand, s.f.KeyAccount, s.f.LowScores,
            s.f.Units, s.f.Contacts, s.f.LastMeeting, s.Score)).ToList();
    }
}
