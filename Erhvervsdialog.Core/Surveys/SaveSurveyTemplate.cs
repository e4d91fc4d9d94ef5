using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Surveys;

public sealed record QuestionInput(QuestionKind Kind, string? Text, QuestionCategory Category, bool Required);

public sealed record SaveSurveyTemplateCommand(int Id, string? Name, int? UnitId, IReadOnlyList<QuestionInput> Questions);

public sealed record TemplateRow(int Id, string Name, int? UnitId, int Version, DateTime VersionCreatedAt, IReadOnlyList<SurveyQuestion> Questions);

/// <summary>
/// Administrators edit the questionnaires. A change to the questions makes a new version; invitations already sent
/// and their answers keep the version they were made with.
/// </summary>
public sealed class SaveSurveyTemplate(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<TemplateRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var templates = await db.SurveyTemplates.AsNoTracking().Include(t => t.Versions).ThenInclude(v => v.Questions)
            .OrderBy(t => t.UnitId != null).ThenBy(t => t.Name).ToListAsync(cancellationToken);
        return templates.Select(t =>
        {
            var latest = t.Versions.MaxBy(v => v.Number)!;
            return new TemplateRow(t.Id, t.Name, t.UnitId, latest.Number, latest.CreatedAt, latest.Questions.OrderBy(q => q.Order).ToList());
        }).ToList();
    }

    public async Task<CommandResult> HandleAsync(SaveSurveyTemplateCommand command, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.Administer);
        var errors = new Errors();
        var name = errors.Text("Name", command.Name, 200, required: true);
        if (command.Questions.Count == 0)
        {
            errors.Add("Questions", Messages.TemplateNeedsQuestion);
        }
        for (var i = 0; i < command.Questions.Count; i++)
        {
            errors.Text($"Questions[{i}]", command.Questions[i].Text, 500, required: true);
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.SurveyTemplates.AnyAsync(t => t.UnitId == command.UnitId && t.Id != command.Id, cancellationToken))
        {
            errors.Add("UnitId", command.UnitId is null ? Messages.TemplateDefaultExists : Messages.TemplateUnitExists);
        }
        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }
        var template = command.Id == 0
            ? db.SurveyTemplates.Add(new SurveyTemplate()).Entity
            : await db.SurveyTemplates.Include(t => t.Versions).ThenInclude(v => v.Questions).FirstOrDefaultAsync(t => t.Id == command.Id, cancellationToken);
        if (template is null)
        {
            return CommandResult.Conflict(Messages.TemplateNotFound);
        }
        template.Name = name!;
        template.UnitId = command.UnitId;
        var latest = template.Versions.MaxBy(v => v.Number);
        var questions = command.Questions.Select((q, i) => new SurveyQuestion
        {
            Order = i + 1, Kind = q.Kind, Text = q.Text!.Trim(), Category = q.Category, Required = q.Required,
        }).ToList();
        var unchanged = latest is not null && latest.Questions.OrderBy(q => q.Order)
            .Select(q => (q.Kind, q.Text, q.Category, q.Required))
            .SequenceEqual(questions.Select(q => (q.Kind, q.Text, q.Category, q.Required)));
        if (!unchanged)
        {
            template.Versions.Add(new SurveyTemplateVersion
            {
                Number = (latest?.Number ?? 0) + 1, CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedByName = actor.DisplayName, Questions = questions,
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        return CommandResult.Ok(template.Id);
    }
}
