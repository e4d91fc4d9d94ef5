using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Erhvervsdialog.Core.Overview;

public enum InitiativeStatus
{
    Idea = 0,
    Planned = 1,
    Running = 2,
    Done = 3,
}

/// <summary>An initiative in the action plan (handlingsplan), in the units it is meant to improve.</summary>
public class Initiative : AuditedEntity
{
    public int Id { get; set; }
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public string? OwnerId { get; set; }
    public InitiativeStatus Status { get; set; }
    public DateOnly StartDate { get; set; }
    /// <summary>The units it concerns; none means the whole municipality.</summary>
    public List<int> UnitIds { get; set; } = [];
}

public sealed record SaveInitiativeCommand
{
    public int Id { get; init; }
    public long Version { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? OwnerId { get; init; }
    public InitiativeStatus Status { get; init; }
    public DateTime? StartDate { get; init; }
    public IReadOnlyList<int> UnitIds { get; init; } = [];
}

/// <summary>Satisfaction in the initiative's units before and after its start, with the number of answers behind each.</summary>
public sealed record Effect(double? Before, int BeforeAnswers, double? After, int AfterAnswers)
{
    public double? Change => Before is { } b && After is { } a ? a - b : null;
}

public sealed record InitiativeRow(int Id, string Title, string? Description, string? OwnerId, string? OwnerName, InitiativeStatus Status,
    DateOnly StartDate, IReadOnlyList<int> UnitIds, IReadOnlyList<string> UnitNames, Effect Effect, long Version);

/// <summary>
/// The action plan: directors and managers keep initiatives, and each shows whether it moved the numbers —
/// average satisfaction in its units in the window before its start date against the same window after it
/// (to today, if shorter), with the count of answers behind each; under 5 answers there is no average.
/// </summary>
public sealed class ActionPlan(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, IOptions<OverviewOptions> options, TimeProvider clock)
{

    public async Task<IReadOnlyList<InitiativeRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var initiatives = await db.Initiatives.AsNoTracking().OrderBy(i => i.StartDate).ToListAsync(cancellationToken);
        var units = await db.Units.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        var owners = await db.Users.AsNoTracking().Where(u => initiatives.Select(i => i.OwnerId).Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.FullName, cancellationToken);
        var rows = new List<InitiativeRow>();
        foreach (var i in initiatives)
        {
            rows.Add(new InitiativeRow(i.Id, i.Title, i.Description, i.OwnerId, i.OwnerId is null ? null : owners.GetValueOrDefault(i.OwnerId), i.Status,
                i.StartDate, i.UnitIds, i.UnitIds.Select(u => units.GetValueOrDefault(u, "?")).ToList(), await EffectAsync(db, i, cancellationToken), i.Version));
        }
        return rows;
    }

    public async Task<CommandResult> SaveAsync(SaveInitiativeCommand command, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.ManagementInsight);
        var errors = new Errors();
        var title = errors.Text(nameof(command.Title), command.Title, 200, required: true);
        var description = errors.Text(nameof(command.Description), command.Description, 4000);
        if (command.StartDate is null)
        {
            errors.Add(nameof(command.StartDate), Messages.Required);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (command.OwnerId is not null && !await db.Users.AnyAsync(u => u.Id == command.OwnerId, cancellationToken))
        {
            errors.Add(nameof(command.OwnerId), Messages.FollowUpOwnerRequired);
        }
        var unitIds = command.UnitIds.Distinct().ToList();
        if (await db.Units.CountAsync(u => unitIds.Contains(u.Id), cancellationToken) != unitIds.Count)
        {
            errors.Add(nameof(command.UnitIds), Messages.Required);
        }
        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }
        Initiative? initiative;
        if (command.Id == 0)
        {
            initiative = new Initiative();
            db.Initiatives.Add(initiative);
        }
        else
        {
            initiative = await db.Initiatives.FirstOrDefaultAsync(i => i.Id == command.Id, cancellationToken);
            if (initiative is null)
            {
                return CommandResult.Conflict(Messages.InitiativeNotFound);
            }
            db.Entry(initiative).Property(i => i.Version).OriginalValue = command.Version;
        }
        (initiative.Title, initiative.Description, initiative.OwnerId, initiative.Status, initiative.StartDate, initiative.UnitIds) =
            (title!, description, command.OwnerId, command.Status, DateOnly.FromDateTime(command.StartDate!.Value), unitIds);
        if (!await db.TrySaveChangesAsync(actor, clock.GetUtcNow().UtcDateTime, cancellationToken))
        {
            return CommandResult.Conflict(Messages.InitiativeConflict);
        }
        return CommandResult.Ok(initiative.Id);
    }

    /// <summary>Answers in the window before the start date, against the window from it (up to today).</summary>
    public async Task<Effect> EffectAsync(ErhvervsdialogDbContext db, Initiative initiative, CancellationToken cancellationToken)
    {
        var days = options.Value.EffectWindowDays;
        var start = DanishTime.ToUtc(initiative.StartDate.ToDateTime(TimeOnly.MinValue));
        var now = clock.GetUtcNow().UtcDateTime;
        var end = start.AddDays(days) < now ? start.AddDays(days) : now;
        var answers = db.SurveyResponses.AsNoTracking().Where(r => r.Satisfaction != null);
        if (initiative.UnitIds.Count > 0)
        {
            var units = initiative.UnitIds;
            answers = answers.Where(r => units.Contains(r.UnitId));
        }
        var before = await answers.Where(r => r.SubmittedAt >= start.AddDays(-days) && r.SubmittedAt < start).Select(r => r.Satisfaction!.Value).ToListAsync(cancellationToken);
        var after = start < now
            ? await answers.Where(r => r.SubmittedAt >= start && r.SubmittedAt < end).Select(r => r.Satisfaction!.Value).ToListAsync(cancellationToken)
            : [];
        var b = GetOverview.Figure("før", before);
        var a = GetOverview.Figure("efter", after);
        return new Effect(b.Average, b.Count, a.Average, a.Count);
    }
}
