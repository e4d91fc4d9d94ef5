using Erhvervsdialog.Core.Common;
using Erhvervsdialog.Core.Data;
using Erhvervsdialog.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace Erhvervsdialog.Core.Units;

public sealed record UnitMemberInput(string UserId, bool IsManager);

public sealed record SaveUnitCommand
{
    public int Id { get; init; }
    public long Version { get; init; }
    public string? Name { get; init; }
    public string? ShortName { get; init; }
    public IReadOnlyList<string> Topics { get; init; } = [];
    public bool IsActive { get; init; } = true;
    public IReadOnlyList<UnitMemberInput> Members { get; init; } = [];
}

public sealed record UnitRow(int Id, string Name, string ShortName, IReadOnlyList<string> Topics, bool IsActive,
    long Version, IReadOnlyList<UnitMemberRow> Members);

public sealed record UnitMemberRow(string UserId, string FullName, bool IsManager);

/// <summary>Administration of the municipality's units, their topics, managers and members.</summary>
public sealed class SaveUnit(IDbContextFactory<ErhvervsdialogDbContext> dbFactory, TimeProvider clock)
{
    public async Task<CommandResult> HandleAsync(SaveUnitCommand command, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Demand(Policies.Administer);
        var errors = new Errors();
        var name = errors.Text(nameof(command.Name), command.Name, 200, required: true);
        var shortName = errors.Text(nameof(command.ShortName), command.ShortName, 20, required: true)?.ToUpperInvariant();
        var topics = command.Topics.Select(Validators.Trimmed).OfType<string>()
            .Distinct(StringComparer.CurrentCultureIgnoreCase).ToList();
        if (topics.Any(t => t.Length > 100))
        {
            errors.Add(nameof(command.Topics), string.Format(Messages.TooLong, 100));
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (shortName is not null && await db.Units.AnyAsync(u => u.ShortName == shortName && u.Id != command.Id, cancellationToken))
        {
            errors.Add(nameof(command.ShortName), Messages.UnitShortNameTaken);
        }
        var memberIds = command.Members.Select(m => m.UserId).Distinct().ToList();
        if (await db.Users.CountAsync(u => memberIds.Contains(u.Id), cancellationToken) != memberIds.Count)
        {
            errors.Add(nameof(command.Members), Messages.UserUnknown);
        }
        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }

        MunicipalUnit unit;
        if (command.Id == 0)
        {
            unit = new MunicipalUnit();
            db.Units.Add(unit);
        }
        else
        {
            var found = await db.Units.Include(u => u.Members).FirstOrDefaultAsync(u => u.Id == command.Id, cancellationToken);
            if (found is null)
            {
                return CommandResult.Conflict(Messages.UnitNotFound);
            }
            unit = found;
            db.Entry(unit).Property(u => u.Version).OriginalValue = command.Version;
            db.Entry(unit).State = EntityState.Modified;
        }
        unit.Name = name!;
        unit.ShortName = shortName!;
        unit.Topics = topics;
        unit.IsActive = command.IsActive;
        unit.Members.RemoveAll(m => !memberIds.Contains(m.UserId));
        foreach (var input in command.Members.DistinctBy(m => m.UserId))
        {
            var member = unit.Members.FirstOrDefault(m => m.UserId == input.UserId);
            if (member is null)
            {
                unit.Members.Add(new UnitMember { UserId = input.UserId, IsManager = input.IsManager });
            }
            else
            {
                member.IsManager = input.IsManager;
            }
        }
        try
        {
            await db.SaveChangesAsync(actor, clock.GetUtcNow().UtcDateTime, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CommandResult.Conflict(Messages.UnitConflict);
        }
        return CommandResult.Ok(unit.Id);
    }
}
