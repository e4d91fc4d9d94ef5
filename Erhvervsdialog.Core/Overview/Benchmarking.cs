using System.Globalization;
using System.Text.Json;
using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Import;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Overview;

/// <summary>One municipality's result in one year of the national business-climate ranking.</summary>
public class RankingResult
{
    public int Id { get; set; }
    public string Municipality { get; set; } = "";
    public int Year { get; set; }
    public int Rank { get; set; }
    /// <summary>Category name → score, as JSON (the categories differ from year to year).</summary>
    public string ScoresJson { get; set; } = "{}";
    public DateTime ImportedAt { get; set; }

    public Dictionary<string, double> Scores => JsonSerializer.Deserialize<Dictionary<string, double>>(ScoresJson) ?? [];
}

public enum LearningStatus
{
    Idea = 0,
    Trying = 1,
    Adopted = 2,
}

/// <summary>A practice seen in another municipality, and what became of it here.</summary>
public class LearningEntry : AuditedEntity
{
    public int Id { get; set; }
    public string Municipality { get; set; } = "";
    public string Practice { get; set; } = "";
    public string? Link { get; set; }
    public LearningStatus Status { get; set; }
    public int? InitiativeId { get; set; }
}

public sealed record RankingImportResult(int Imported, IReadOnlyList<ImportLineError> Errors);

public sealed record ImportLineError(int Line, string Field, string Message);

public sealed record SaveLearningCommand(int Id, long Version, string? Municipality, string? Practice, string? Link, LearningStatus Status, int? InitiativeId);

/// <summary>
/// Other municipalities: the yearly results of the national business-climate ranking (imported from CSV or Excel:
/// municipality, year, overall rank, and a column per category score), and the learning log.
/// An import with any wrong line imports nothing and names each wrong line and field.
/// </summary>
public sealed class Benchmarking(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, TimeProvider clock)
{
    private static readonly string[] MunicipalityHeaders = ["kommune", "municipality"];
    private static readonly string[] YearHeaders = ["år", "aar", "year"];
    private static readonly string[] RankHeaders = ["placering", "samlet placering", "rank"];

    public async Task<RankingImportResult> ImportAsync(Stream file, string fileName, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.ManagementInsight);
        var read = await TabularFile.ReadAsync(file, fileName, cancellationToken);
        if (read.Table is not { } table)
        {
            return new RankingImportResult(0, [new ImportLineError(1, "", read.Error ?? Messages.ImportNotTabular)]);
        }
        int Column(string[] names)
        {
            for (var i = 0; i < table.Headers.Count; i++)
            {
                if (names.Contains(table.Headers[i].Trim().ToLowerInvariant()))
                {
                    return i;
                }
            }
            return -1;
        }
        var (municipalityColumn, yearColumn, rankColumn) = (Column(MunicipalityHeaders), Column(YearHeaders), Column(RankHeaders));
        var errors = new List<ImportLineError>();
        foreach (var (column, name) in new[] { (municipalityColumn, "kommune"), (yearColumn, "år"), (rankColumn, "placering") })
        {
            if (column < 0)
            {
                errors.Add(new ImportLineError(1, name, string.Format(Messages.RankingColumnMissing, name)));
            }
        }
        if (errors.Count > 0)
        {
            return new RankingImportResult(0, errors);
        }
        var categories = table.Headers.Select((h, i) => (Header: h.Trim(), i)).Where(x => x.i != municipalityColumn && x.i != yearColumn && x.i != rankColumn && x.Header.Length > 0).ToList();
        var results = new List<RankingResult>();
        var seen = new Dictionary<(string, int), int>();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var row in table.Rows)
        {
            string Cell(int i) => i < row.Cells.Count ? row.Cells[i].Trim() : "";
            var municipality = Cell(municipalityColumn);
            if (municipality.Length is 0 or > 100)
            {
                errors.Add(new ImportLineError(row.Line, "kommune", Messages.RankingMunicipalityInvalid));
            }
            if (!int.TryParse(Cell(yearColumn), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100)
            {
                errors.Add(new ImportLineError(row.Line, "år", string.Format(Messages.RankingYearInvalid, Cell(yearColumn))));
            }
            if (!int.TryParse(Cell(rankColumn), NumberStyles.None, CultureInfo.InvariantCulture, out var rank) || rank is < 1 or > 1000)
            {
                errors.Add(new ImportLineError(row.Line, "placering", string.Format(Messages.RankingRankInvalid, Cell(rankColumn))));
            }
            var scores = new Dictionary<string, double>();
            foreach (var (header, i) in categories)
            {
                var text = Cell(i);
                if (text.Length == 0)
                {
                    continue;
                }
                if (double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var score) && double.IsFinite(score))
                {
                    scores[header] = score;
                }
                else
                {
                    errors.Add(new ImportLineError(row.Line, header, string.Format(Messages.RankingScoreInvalid, text)));
                }
            }
            if (municipality.Length > 0 && year > 0 && !seen.TryAdd((municipality.ToLowerInvariant(), year), row.Line))
            {
                errors.Add(new ImportLineError(row.Line, "kommune", string.Format(Messages.RankingDuplicate, municipality, year, seen[(municipality.ToLowerInvariant(), year)])));
            }
            results.Add(new RankingResult { Municipality = municipality, Year = year, Rank = rank, ScoresJson = JsonSerializer.Serialize(scores), ImportedAt = now });
        }
        if (errors.Count > 0 || results.Count == 0)
        {
            return new RankingImportResult(0, errors.Count > 0 ? errors : [new ImportLineError(1, "", Messages.ImportEmpty)]);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var years = results.Select(r => r.Year).Distinct().ToList();
        var existing = await db.Rankings.Where(r => years.Contains(r.Year)).ToListAsync(cancellationToken);
        // A year imported again replaces the same municipalities' results for that year.
        db.Rankings.RemoveRange(existing.Where(e => results.Any(r => r.Year == e.Year && string.Equals(r.Municipality, e.Municipality, StringComparison.OrdinalIgnoreCase))));
        db.Rankings.AddRange(results);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RankingImportResult(results.Count, []);
    }

    public async Task<IReadOnlyList<RankingResult>> RankingsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Rankings.AsNoTracking().OrderBy(r => r.Year).ThenBy(r => r.Rank).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<LearningEntry>> LearningAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.LearningLog.AsNoTracking().OrderByDescending(l => l.CreatedAt).ToListAsync(cancellationToken);
    }

    public async Task<CommandResult> SaveLearningAsync(SaveLearningCommand command, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.ManagementInsight);
        var errors = new Errors();
        var municipality = errors.Text("Municipality", command.Municipality, 100, required: true);
        var practice = errors.Text("Practice", command.Practice, 4000, required: true);
        var link = errors.Text("Link", command.Link, 500);
        if (link is not null && Validators.ToWebsite(link) is null)
        {
            errors.Add("Link", Messages.WebsiteInvalid);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (command.InitiativeId is { } initiativeId && !await db.Initiatives.AnyAsync(i => i.Id == initiativeId, cancellationToken))
        {
            errors.Add("InitiativeId", Messages.InitiativeNotFound);
        }
        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }
        var entry = command.Id == 0 ? db.LearningLog.Add(new LearningEntry()).Entity
            : await db.LearningLog.FirstOrDefaultAsync(l => l.Id == command.Id, cancellationToken);
        if (entry is null)
        {
            return CommandResult.Conflict(Messages.InitiativeNotFound);
        }
        if (command.Id != 0)
        {
            db.Entry(entry).Property(l => l.Version).OriginalValue = command.Version;
        }
        (entry.Municipality, entry.Practice, entry.Link, entry.Status, entry.InitiativeId) =
            (municipality!, practice!, link is null ? null : Validators.ToWebsite(link), command.Status, command.InitiativeId);
        if (!await db.TrySaveChangesAsync(actor, clock.GetUtcNow().UtcDateTime, cancellationToken))
        {
            return CommandResult.Conflict(Messages.InitiativeConflict);
        }
        return CommandResult.Ok(entry.Id);
    }
}
